package io.llmrelay.worker.credentials;

import java.util.Optional;

/** One credential from configuration that never changes: what a provider with an inline {@code api-key} gets. */
public final class StaticCredentialSupplier implements CredentialSupplier {

    private final Credential credential;

    public StaticCredentialSupplier(Credential credential) {
        this.credential = credential;
    }

    @Override
    public Credential current() {
        return credential;
    }

    @Override
    public Optional<Credential> rejected(Credential used) {
        return Optional.empty();
    }
}
