package io.llmrelay.aggregator.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the aggregator consumes {@code llm.usage}.
 *
 * @param groupId     consumer group; every replica uses the same one so each event is written by one of them
 * @param batchSize   most records per poll, and so per INSERT statement. At most 2,000: a row binds one
 *                    parameter per column (28) and PostgreSQL allows 65,535 per statement (UsageLogWriterTest)
 * @param pollTimeout longest a poll waits for records when the topic is idle
 * @param retry       back-off while PostgreSQL cannot take a batch
 */
@Validated
@ConfigurationProperties("relay.aggregator")
public record AggregatorProperties(
        @NotBlank @DefaultValue("llm-relay-usage-aggregator") String groupId,
        @Positive @Max(2_000) @DefaultValue("500") int batchSize,
        @NotNull @DurationMin(millis = 1) @DefaultValue("500ms") Duration pollTimeout,
        @NotNull @Valid @DefaultValue Retry retry) {

    /**
     * Capped exponential back-off between attempts to write the same batch: {@code initialBackoff},
     * then doubling up to {@code maxBackoff}.
     */
    public record Retry(
            @NotNull @DurationMin(millis = 1) @DefaultValue("200ms") Duration initialBackoff,
            @NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration maxBackoff) {

        public Retry {
            if (initialBackoff != null && maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("relay.aggregator.retry.max-backoff (" + maxBackoff
                        + ") must be at least relay.aggregator.retry.initial-backoff (" + initialBackoff + ")");
            }
        }
    }
}
