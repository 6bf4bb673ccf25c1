package io.llmrelay.aggregator.config;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.kafka.*}: where the relay's Kafka cluster is and which topic names this relay uses.
 *
 * @param bootstrapServers comma-separated {@code host:port} list
 * @param topicPrefix      prepended to every catalog topic name ({@code Topic.withPrefix}); empty in
 *                         production, unique per test so tests can share one broker
 * @param properties       further client configs for the consumer and the dead-letter producer, e.g.
 *                         {@code security.protocol}, {@code ssl.*}, {@code sasl.*} for a Strimzi listener.
 *                         They cannot override the settings the delivery guarantees rest on.
 */
@Validated
@ConfigurationProperties("relay.kafka")
public record RelayKafkaProperties(
        @NotBlank @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        // Kafka's legal topic characters, so a bad prefix fails at start-up rather than at the first poll
        @NotNull @Pattern(regexp = "[a-zA-Z0-9._-]*") @DefaultValue("") String topicPrefix,
        @DefaultValue Map<String, String> properties) {

    public RelayKafkaProperties {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Client properties may hold SASL passwords: print their names only. */
    @Override
    public String toString() {
        return "RelayKafkaProperties[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix
                + ", properties=" + properties.keySet() + "]";
    }
}
