package io.llmrelay.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.llmrelay.worker.kafka.KafkaSettings;
import io.llmrelay.worker.provider.ProviderSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class SettingsBindingTest {

    // not a @Configuration: the worker's component scan in the integration tests must not pick it up
    @EnableConfigurationProperties({WorkerSettings.class, KafkaSettings.class, ProviderSettings.class})
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class)
            .withPropertyValues("relay.provider.api-key=sk-test-secret-value");

    @Test
    void bindsTheDocumentedDefaults() {
        runner.run(context -> {
            WorkerSettings worker = context.getBean(WorkerSettings.class);
            assertThat(worker.groupId()).isEqualTo("llm-relay-provider-worker");
            assertThat(worker.maxInFlight()).isEqualTo(4096);
            assertThat(worker.commitInterval()).isEqualTo(Duration.ofMillis(200));
            assertThat(worker.instanceId()).isNotBlank();
            assertThat(worker.priceFile()).isNull();
            KafkaSettings kafka = context.getBean(KafkaSettings.class);
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9092");
            assertThat(kafka.topicPrefix()).isEmpty();
            assertThat(kafka.properties()).isEmpty();
            ProviderSettings provider = context.getBean(ProviderSettings.class);
            assertThat(provider.id()).isEqualTo("openai");
            assertThat(provider.baseUrl()).isEqualTo(URI.create("https://api.openai.com"));
            assertThat(provider.organization()).isNull();
            assertThat(provider.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(provider.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(provider.retry()).isEqualTo(new ProviderSettings.Retry(3, Duration.ofMillis(200), Duration.ofSeconds(5)));
        });
    }

    @Test
    void aPollNeverTakesMoreThanHalfTheInFlightLimit() {
        runner.withPropertyValues("relay.worker.max-in-flight=50").run(context ->
                assertThat(context.getBean(WorkerSettings.class).effectiveMaxPollRecords()).isEqualTo(25));
        runner.withPropertyValues("relay.worker.max-in-flight=1").run(context ->
                assertThat(context.getBean(WorkerSettings.class).effectiveMaxPollRecords()).isEqualTo(1));
        runner.run(context ->
                assertThat(context.getBean(WorkerSettings.class).effectiveMaxPollRecords()).isEqualTo(500));
    }

    @Test
    void theApiKeyIsBoundButNeverPrinted() {
        runner.run(context -> {
            ProviderSettings provider = context.getBean(ProviderSettings.class);
            assertThat(provider.apiKey().reveal()).isEqualTo("sk-test-secret-value");
            assertThat(provider.toString()).doesNotContain("sk-test-secret-value").contains("[redacted]");
        });
    }

    @Test
    void kafkaClientPropertiesAreBoundFromPropertiesAndEnvironmentButTheirValuesNeverPrinted() {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("RELAY_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "ScramLoginModule required password=\"s3cret\";"));
        runner.withPropertyValues("relay.kafka.properties.security.protocol=SASL_SSL")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(environment))
                .run(context -> {
                    KafkaSettings kafka = context.getBean(KafkaSettings.class);
                    assertThat(kafka.properties()).containsOnly(entry("security.protocol", "SASL_SSL"),
                            entry("sasl.jaas.config", "ScramLoginModule required password=\"s3cret\";"));
                    assertThat(kafka.toString()).contains("sasl.jaas.config").doesNotContain("s3cret")
                            .doesNotContain("SASL_SSL");
                });
    }

    @Test
    void aBadValueFailsStartUpNamingTheKey() {
        runner.withPropertyValues("relay.worker.max-in-flight=0").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("relay.worker")
                        .hasMessageContaining("maxInFlight"));
        runner.withPropertyValues("relay.provider.request-timeout=0s").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("relay.provider.request-timeout")
                        .hasStackTraceContaining("requestTimeout"));
        runner.withPropertyValues("relay.provider.base-url=ftp://example.com").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("relay.provider")
                        .hasStackTraceContaining("must be an http or https URL"));
    }

    @Test
    void aMissingApiKeyFailsStartUp() {
        new ApplicationContextRunner().withUserConfiguration(Bound.class)
                .withPropertyValues("relay.provider.api-key=")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining("relay.provider"));
    }
}
