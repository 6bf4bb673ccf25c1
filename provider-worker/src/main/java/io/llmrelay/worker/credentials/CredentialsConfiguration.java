package io.llmrelay.worker.credentials;

import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.provider.ProviderSettings;
import io.llmrelay.worker.publish.OutcomePublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

    /** The key is bound once at start-up, so its fingerprint is computed once. */
    @Bean
    CredentialAudit credentialAudit(OutcomePublisher publisher, WorkerSettings worker, ProviderSettings provider,
                                    MeterRegistry registry) {
        return new CredentialAudit(publisher, worker.instanceId(), provider.apiKey().fingerprint(), registry);
    }

    /** Until credential sources exist: the inline key of each provider, fixed for the life of the worker. */
    @Bean
    CredentialSuppliers credentialSuppliers() {
        return (providerId, kind, inlineKey) -> {
            if (inlineKey == null) {
                throw new IllegalStateException("provider '" + providerId + "' has no api-key");
            }
            return new StaticCredentialSupplier(
                    new Credential("relay.providers." + providerId + ".api-key", inlineKey, Credential.Type.API_KEY));
        };
    }
}
