package io.llmrelay.worker.credentials;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one key configured inline for a provider ({@code relay.providers.<id>.api-key}). There is nothing to re-read
 * or rotate to, so a rejection is audited and no retry offered; the key is not marked bad either, as the only way
 * to replace it is a restart, and a provider's passing 401 should not take it out until then.
 */
final class InlineCredentialSupplier implements CredentialSupplier {

    private static final Logger log = LoggerFactory.getLogger(InlineCredentialSupplier.class);

    private final String provider;
    private final Credential credential;
    private final CredentialEvents events;

    InlineCredentialSupplier(String provider, Credential credential, CredentialEvents events) {
        this.provider = provider;
        this.credential = credential;
        this.events = events;
    }

    @Override
    public Credential current() {
        return credential;
    }

    @Override
    public Optional<Credential> rejected(Credential used) {
        log.warn("provider '{}' answered 401/403 for {} (fingerprint {}); it is configured inline, so there is no other"
                + " key to retry with", provider, used.name(), used.fingerprint());
        events.rejected(provider, used, "none");
        return Optional.empty();
    }
}
