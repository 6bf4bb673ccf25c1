package io.llmrelay.worker.provider;

import java.util.Objects;

/**
 * One place a request can be sent: a configured provider (an account at OpenAI, Anthropic, an Azure resource,
 * a vLLM server...) and the model name that provider knows. Circuit breakers and rate limits are kept per
 * target; routes are ordered lists of targets.
 *
 * @param provider id of a configured provider ({@code relay.providers.<id>})
 * @param model    the model as the provider names it (for Azure OpenAI: the model, mapped to a deployment by the
 *                 adapter)
 */
public record Target(String provider, String model) {

    public Target {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
    }

    @Override
    public String toString() {
        return provider + "/" + model;
    }
}
