package io.llmrelay.ingest;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.kafka.*}: how request-ingest reaches Kafka.
 *
 * @param bootstrapServers comma-separated host:port list
 * @param topicPrefix      prepended to every topic name, so one cluster can host several relays (and tests)
 * @param operationTimeout upper bound for one Kafka operation: a send until acknowledged, a metadata look-up at
 *                         start-up. A caller whose request Kafka did not take within it gets 503.
 * @param properties       further client configs applied to the producer and the consumer, e.g.
 *                         {@code security.protocol}, {@code ssl.*}, {@code sasl.*} for a Strimzi listener
 */
@Validated
@ConfigurationProperties("relay.kafka")
public record RelayKafkaProperties(
        @DefaultValue("127.0.0.1:9092") @NotBlank String bootstrapServers,
        @DefaultValue("") @NotNull @Pattern(regexp = "[A-Za-z0-9._-]*") String topicPrefix,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 100) Duration operationTimeout,
        @DefaultValue Map<String, String> properties) {

    public RelayKafkaProperties {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Client properties may hold SASL passwords: print their names only. */
    @Override
    public String toString() {
        return "RelayKafkaProperties[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix
                + ", operationTimeout=" + operationTimeout + ", properties=" + properties.keySet() + "]";
    }
}
