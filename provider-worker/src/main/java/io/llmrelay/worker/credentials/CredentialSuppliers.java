package io.llmrelay.worker.credentials;

import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.Secret;

/** Gives each configured provider the supplier of its credentials. */
public interface CredentialSuppliers {

    /**
     * @param providerId the provider's id ({@code relay.providers.<id>})
     * @param kind       its API, for key-format validation and the credential type
     * @param inlineKey  the key configured inline for it ({@code relay.providers.<id>.api-key}), or null
     */
    CredentialSupplier forProvider(String providerId, ProviderKind kind, Secret inlineKey);
}
