package io.llmrelay.worker.kafka;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.kafka.*}: where the cluster is and which topic names this relay uses.
 *
 * @param bootstrapServers comma-separated host:port list
 * @param topicPrefix      prepended to every topic name, e.g. {@code it-1a2b3c4d.}; empty in production
 */
@Validated
@ConfigurationProperties("relay.kafka")
public record KafkaSettings(
        @NotBlank @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        @NotNull @DefaultValue("") String topicPrefix) {
}
