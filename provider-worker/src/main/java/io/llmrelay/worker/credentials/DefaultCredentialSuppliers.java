package io.llmrelay.worker.credentials;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.Secret;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chooses each provider's credentials: an OAuth2 client when {@code relay.credentials.oauth2.<id>} is configured,
 * else the key configured inline, else the entries {@code <id>-api-key[-n]} of the credential source. A provider
 * with none of these, or an inline key of the wrong format, fails start-up naming the property. One supplier per
 * provider id, however often it is asked for.
 */
final class DefaultCredentialSuppliers implements CredentialSuppliers {

    private final CredentialsSettings settings;
    private final CredentialSource source;
    private final EntryDecoder decoder;
    private final CredentialEvents events;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, CredentialSupplier> byProvider = new ConcurrentHashMap<>();

    DefaultCredentialSuppliers(CredentialsSettings settings, CredentialSource source, EntryDecoder decoder,
                               CredentialEvents events, HttpClient http, JsonMapper json, Clock clock) {
        this.settings = settings;
        this.source = source;
        this.decoder = decoder;
        this.events = events;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public CredentialSupplier forProvider(String providerId, ProviderKind kind, Secret inlineKey) {
        return byProvider.computeIfAbsent(providerId, id -> create(id, kind, inlineKey));
    }

    private CredentialSupplier create(String id, ProviderKind kind, Secret inlineKey) {
        CredentialsSettings.OAuth2 oauth2 = settings.oauth2().get(id);
        if (oauth2 != null) {
            return oauth2(id, oauth2);
        }
        if (inlineKey != null) {
            return inline(id, kind, inlineKey);
        }
        if (settings.source() == CredentialsSettings.SourceType.NONE) {
            throw new IllegalStateException("provider '" + id + "' has no credential: set relay.providers." + id
                    + ".api-key, or relay.credentials.source with an entry " + id + "-api-key, or"
                    + " relay.credentials.oauth2." + id);
        }
        return SourceCredentialSupplier.start(id, kind, source, decoder, events);
    }

    private CredentialSupplier oauth2(String id, CredentialsSettings.OAuth2 oauth2) {
        OAuth2TokenSupplier.ClientSecret secret;
        if (oauth2.clientSecret() != null) {
            secret = oauth2::clientSecret;
        } else if (settings.source() != CredentialsSettings.SourceType.NONE) {
            secret = new ClientSecretEntry(id, source, decoder, events);
        } else {
            throw new IllegalStateException("relay.credentials.oauth2." + id + ".client-secret is unset and there is"
                    + " no relay.credentials.source to read the entry " + id + "-client-secret from");
        }
        return new OAuth2TokenSupplier(id, new OAuth2TokenSupplier.Client(oauth2.tokenUrl(), oauth2.clientId(),
                oauth2.scope(), secret, oauth2.timeout()), http, json, clock, events);
    }

    private CredentialSupplier inline(String id, ProviderKind kind, Secret key) {
        String property = "relay.providers." + id + ".api-key";
        Optional<String> problem = KeyFormat.problem(kind, key.reveal());
        if (problem.isPresent()) {
            throw new IllegalStateException(property + " is not a valid " + kind + " key: it " + problem.get());
        }
        events.loaded(id, property, key.fingerprint(), null);
        return new InlineCredentialSupplier(id, new Credential(property, key, Credential.Type.API_KEY), events);
    }
}
