package io.llmrelay.worker.kafka;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.kafka.*}: where the cluster is, how to reach it and which topic names this relay uses.
 *
 * @param bootstrapServers comma-separated host:port list
 * @param topicPrefix      prepended to every topic name, e.g. {@code it-1a2b3c4d.}; empty in production
 * @param properties       further client configs for the consumer and the producer, e.g. {@code security.protocol},
 *                         {@code ssl.*}, {@code sasl.*} for a Strimzi listener. They cannot override the settings
 *                         the worker's delivery guarantees rest on ({@link KafkaClients}).
 */
@Validated
@ConfigurationProperties("relay.kafka")
public record KafkaSettings(
        @NotBlank @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        @NotNull @DefaultValue("") String topicPrefix,
        @DefaultValue Map<String, String> properties) {

    public KafkaSettings {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Client properties may hold SASL passwords and key-store passwords: print their names only. */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix
                + ", properties=" + properties.keySet() + "]";
    }
}
