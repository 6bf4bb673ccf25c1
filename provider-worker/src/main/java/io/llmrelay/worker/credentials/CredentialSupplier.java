package io.llmrelay.worker.credentials;

import java.util.Optional;

/**
 * The credentials of one provider, as they are now: several may be active at once (during a rotation), some may
 * have been marked bad. Adapters ask for {@link #current()} before every call and report a 401/403 through
 * {@link #rejected(Credential)}, which decides whether one retry with another credential is worth it. Both must
 * be safe to call from many virtual threads at once and take well under 500 ms.
 */
public interface CredentialSupplier {

    /**
     * The credential to call with now.
     *
     * @throws CredentialUnavailableException when no usable credential exists (none configured, all marked bad,
     *                                        undecryptable, invalid format): the provider must not be called
     */
    Credential current() throws CredentialUnavailableException;

    /**
     * The provider answered 401 or 403 to a call made with {@code used}. Implementations re-read their source once
     * (a rotated key may already be there), mark {@code used} bad when it is still the current one, audit and raise
     * the alert, and return the credential to retry with, if another usable one exists now.
     *
     * @return the credential for one immediate retry; empty when none is left (the call then fails as rejected)
     */
    Optional<Credential> rejected(Credential used);
}
