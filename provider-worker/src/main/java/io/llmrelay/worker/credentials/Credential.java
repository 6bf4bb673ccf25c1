package io.llmrelay.worker.credentials;

import java.util.Objects;

import io.llmrelay.worker.provider.Secret;

/**
 * The secret one provider call is authenticated with. Adapters decide how it goes on the wire from its type:
 * an API key as {@code Authorization: Bearer} (OpenAI, OpenAI-compatible), {@code api-key} (Azure OpenAI) or
 * {@code x-api-key} (Anthropic); a bearer token (OAuth2, e.g. Entra ID for Azure OpenAI) always as
 * {@code Authorization: Bearer}. {@link #toString()} never shows the secret.
 *
 * @param name   where it came from, safe to log: e.g. {@code external-api-secrets/openai-api-key-2}
 * @param secret the value; only the code writing the request calls {@code reveal()}
 */
public record Credential(String name, Secret secret, Type type) {

    public enum Type { API_KEY, BEARER_TOKEN }

    public Credential {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(type, "type");
    }

    /** See {@link Secret#fingerprint()}: what audit events and logs name the credential by. */
    public String fingerprint() {
        return secret.fingerprint();
    }

    @Override
    public String toString() {
        return "Credential[" + name + ", " + type + ", fingerprint " + fingerprint() + "]";
    }
}
