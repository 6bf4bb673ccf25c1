package io.llmrelay.worker.credentials;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.publish.OutcomePublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

    private static final Duration TOKEN_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Created only for the configured source: a Kubernetes client exists only when the source is kubernetes. */
    @Bean(destroyMethod = "close")
    CredentialSource credentialSource(CredentialsSettings settings) {
        return switch (settings.source()) {
            case NONE -> CredentialSource.none();
            case ENV -> new EnvironmentSource(System.getenv());
            case FILE -> {
                try {
                    yield new FileSource(settings.file().path(), settings.file().pollInterval());
                } catch (IOException e) {
                    throw new IllegalStateException("relay.credentials.file.path: cannot read "
                            + settings.file().path() + " (" + e + ")", e);
                }
            }
            case KUBERNETES -> KubernetesSecretSource.inCluster(settings.kubernetes().namespace(),
                    settings.kubernetes().secretName());
        };
    }

    @Bean
    CredentialEvents credentialEvents(OutcomePublisher publisher, WorkerSettings worker, Clock clock,
                                      MeterRegistry registry) {
        return new CredentialEvents(publisher::audit, worker.instanceId(), clock, registry);
    }

    @Bean
    CredentialSuppliers credentialSuppliers(CredentialsSettings settings, CredentialSource source,
                                            CredentialEvents events, JsonMapper json, Clock clock) {
        KeyEncryptionKeys keks = settings.keyEncryptionKeys();
        if (settings.encryptionRequired() && settings.source() != CredentialsSettings.SourceType.NONE
                && keks.isEmpty()) {
            throw new IllegalStateException("relay.credentials.kek-file / RELAY_CREDENTIALS_KEKS hold no key-encryption"
                    + " key, and relay.credentials.require-encryption is true: no entry could be decrypted");
        }
        EntryDecoder decoder = new EntryDecoder(new EnvelopeCipher(keks), settings.encryptionRequired());
        HttpClient http = HttpClient.newBuilder().connectTimeout(TOKEN_CONNECT_TIMEOUT).build();
        return new DefaultCredentialSuppliers(settings, source, decoder, events, http, json, clock);
    }
}
