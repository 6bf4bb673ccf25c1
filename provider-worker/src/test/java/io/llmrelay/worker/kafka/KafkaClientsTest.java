package io.llmrelay.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.llmrelay.worker.WorkerSettings;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"provider-worker\" password=\"s3cret\";";

    private final WorkerSettings worker = new WorkerSettings("worker-1", "workers", 100, 40, Duration.ofMillis(200),
            Duration.ofSeconds(30), null);

    @Test
    void theOperatorsTlsAndSaslSettingsReachTheProducerAndTheConsumer() {
        KafkaSettings kafka = settings(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS, "ssl.truststore.location", "/etc/kafka/ca.p12"));

        for (Map<String, Object> config : List.of(KafkaClients.producer(kafka, worker),
                KafkaClients.consumer(kafka, worker))) {
            assertThat(config).contains(entry("security.protocol", "SASL_SSL"), entry("sasl.mechanism", "SCRAM-SHA-512"),
                    entry("sasl.jaas.config", JAAS), entry("ssl.truststore.location", "/etc/kafka/ca.p12"),
                    entry("bootstrap.servers", "broker-0:9093"));
        }
    }

    @Test
    void theSettingsTheDeliveryGuaranteesRestOnCannotBeOverridden() {
        KafkaSettings kafka = settings(Map.of("acks", "1", "enable.idempotence", "false", "linger.ms", "50",
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "enable.auto.commit", "true", "group.protocol", "classic", "bootstrap.servers", "elsewhere:9092"));

        assertThat(KafkaClients.producer(kafka, worker)).contains(entry("acks", "all"), entry("enable.idempotence", true),
                entry("key.serializer", ByteArraySerializer.class), entry("value.serializer", ByteArraySerializer.class),
                entry("bootstrap.servers", "broker-0:9093"));
        assertThat(KafkaClients.consumer(kafka, worker)).contains(entry("enable.auto.commit", false),
                entry("group.protocol", "consumer"), entry("group.id", "workers"),
                entry("key.deserializer", ByteArrayDeserializer.class),
                entry("value.deserializer", ByteArrayDeserializer.class), entry("max.poll.records", 40));
    }

    @Test
    void theProducerSendsWithoutLingering() {
        assertThat(KafkaClients.producer(settings(Map.of("linger.ms", "50")), worker)).containsEntry("linger.ms", 0);
    }

    @Test
    void printsThePropertyNamesButNotTheirValues() {
        assertThat(settings(Map.of("sasl.jaas.config", JAAS)).toString()).contains("sasl.jaas.config")
                .doesNotContain("s3cret");
    }

    private static KafkaSettings settings(Map<String, String> properties) {
        return new KafkaSettings("broker-0:9093", "", properties);
    }
}
