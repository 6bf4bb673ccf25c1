package io.llmrelay.worker.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.llmrelay.worker.credentials.Credential;
import io.llmrelay.worker.credentials.CredentialSupplier;
import io.llmrelay.worker.credentials.CredentialUnavailableException;

/**
 * A credential supplier for adapter tests: hands out the first of its credentials, and on a rejection moves to the
 * next one, if any (a rotation), recording what was rejected.
 */
public final class TestCredentials implements CredentialSupplier {

    private final List<Credential> credentials;
    private final List<Credential> rejected = new ArrayList<>();
    private int current;

    private TestCredentials(List<Credential> credentials) {
        this.credentials = credentials;
    }

    /** API keys named {@code test/key-1}, {@code test/key-2}... in this order. */
    public static TestCredentials apiKeys(String... keys) {
        return of(Credential.Type.API_KEY, keys);
    }

    public static TestCredentials of(Credential.Type type, String... secrets) {
        List<Credential> credentials = new ArrayList<>();
        for (int i = 0; i < secrets.length; i++) {
            credentials.add(new Credential("test/key-" + (i + 1), Secret.of(secrets[i]), type));
        }
        return new TestCredentials(credentials);
    }

    /** None at all: every call finds no usable credential. */
    public static TestCredentials none() {
        return new TestCredentials(List.of());
    }

    @Override
    public synchronized Credential current() throws CredentialUnavailableException {
        if (current >= credentials.size()) {
            throw new CredentialUnavailableException("no usable credential in test/keys (all "
                    + credentials.size() + " rejected or none configured)");
        }
        return credentials.get(current);
    }

    @Override
    public synchronized Optional<Credential> rejected(Credential used) {
        rejected.add(used);
        if (credentials.indexOf(used) == current) {
            current++;
        }
        return current < credentials.size() ? Optional.of(credentials.get(current)) : Optional.empty();
    }

    public synchronized List<Credential> rejectedSoFar() {
        return List.copyOf(rejected);
    }
}
