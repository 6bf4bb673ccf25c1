package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.unit.DataSize;

class IngestPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void defaultsAreTheDocumentedOnes() {
        runner.withPropertyValues("relay.ingest.instance-id=ingest-0").run(context -> {
            IngestProperties ingest = context.getBean(IngestProperties.class);
            assertThat(ingest.replyPartition()).isZero();
            assertThat(ingest.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(ingest.maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
            assertThat(ingest.models()).containsExactly("gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1",
                    "mock-model");
            assertThat(ingest.keys()).isEmpty();
            assertThat(ingest.bootstrapKey().present()).isFalse();
            assertThat(ingest.bootstrapKey().keyId()).isEqualTo("bootstrap");
            assertThat(ingest.bootstrapKey().userId()).isEqualTo("local-user");
            assertThat(ingest.bootstrapKey().teamId()).isEqualTo("local-team");
            RelayKafkaProperties kafka = context.getBean(RelayKafkaProperties.class);
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9092");
            assertThat(kafka.topicPrefix()).isEmpty();
            assertThat(kafka.operationTimeout()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void theDatabaseAndTheAdminApiAreOffByDefault() {
        runner.withPropertyValues("relay.ingest.instance-id=ingest-0").run(context -> {
            IngestProperties ingest = context.getBean(IngestProperties.class);
            assertThat(ingest.database().enabled()).isFalse();
            assertThat(ingest.database().schema()).isEqualTo("relay_ingest");
            assertThat(ingest.database().maxPoolSize()).isEqualTo(2);
            assertThat(ingest.keysRefresh()).isEqualTo(Duration.ofSeconds(2));
            assertThat(ingest.adminKey()).isNull();
        });
    }

    @Test
    void neverPrintsTheAdminKeyOrTheDatabasePassword() {
        runner.withPropertyValues("relay.ingest.admin-key=admin-secret-1", "relay.ingest.database.url=jdbc:postgresql:x",
                "relay.ingest.database.password=db-secret-2").run(context -> {
                    IngestProperties ingest = context.getBean(IngestProperties.class);
                    assertThat(ingest.adminKey()).isEqualTo("admin-secret-1");
                    assertThat(ingest.database().enabled()).isTrue();
                    assertThat(ingest.toString()).contains("jdbc:postgresql:x")
                            .doesNotContain("admin-secret-1", "db-secret-2");
                });
    }

    @Test
    void instanceIdDefaultsToTheHostName() {
        runner.run(context -> assertThat(context.getBean(IngestProperties.class).instanceId()).isNotBlank());
    }

    @Test
    void bindsKeysFromIndexedProperties() {
        runner.withPropertyValues("relay.ingest.keys[0].key=rk-1", "relay.ingest.keys[0].key-id=k1",
                "relay.ingest.keys[0].user-id=u1", "relay.ingest.keys[0].team-id=t1").run(context -> {
                    IngestProperties.KeyEntry entry = context.getBean(IngestProperties.class).keys().getFirst();
                    assertThat(entry.key()).isEqualTo("rk-1");
                    assertThat(entry.keyId()).isEqualTo("k1");
                    assertThat(entry.userId()).isEqualTo("u1");
                    assertThat(entry.teamId()).isEqualTo("t1");
                });
    }

    /** {@code shown}: what the failure must mention, ';'-separated: the key, and the value as Spring prints it. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "relay.ingest.reply-partition, -1, relay.ingest.reply-partition;[-1]",
            "relay.ingest.request-timeout, 0s, relay.ingest.request-timeout;[PT0S]",
            "relay.ingest.max-body-size, 0B, relay.ingest.max-body-size;0B",
            "relay.ingest.models[0], ' ', relay.ingest.models[0];must not be blank",
            "relay.ingest.keys[0].key-id, k1, relay.ingest;keys[0].key;must not be blank",
            "relay.ingest.keys-refresh, 10ms, relay.ingest.keys-refresh;[PT0.01S]",
            "relay.ingest.database.schema, Bad-Schema, relay.ingest.database.schema;[Bad-Schema]",
            "relay.ingest.database.max-pool-size, 0, relay.ingest;database.maxPoolSize;[0]",
            "relay.kafka.topic-prefix, bad/prefix, relay.kafka.topic-prefix;[bad/prefix]",
            "relay.kafka.operation-timeout, 10ms, relay.kafka.operation-timeout;[PT0.01S]",
            "relay.kafka.bootstrap-servers, ' ', relay.kafka.bootstrap-servers;must not be blank"})
    void badValueFailsStartUpNamingKeyAndValue(String key, String value, String shown) {
        runner.withPropertyValues(key + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            String message = messages(context.getStartupFailure());
            for (String fragment : shown.split(";")) {
                assertThat(message).contains(fragment);
            }
        });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.append(NestedExceptionUtils.getMostSpecificCause(failure)).toString();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({IngestProperties.class, RelayKafkaProperties.class})
    static class PropertiesOnly {
    }
}
