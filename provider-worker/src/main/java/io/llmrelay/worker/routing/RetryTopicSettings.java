package io.llmrelay.worker.routing;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.retry-topic.*}: what happens to a request no target could answer though a later try might succeed
 * (providers down or out of capacity). It is parked on {@code llm.requests.retry} and tried again after
 * {@code delay}, at most {@code maxParks} times and only while its deadline leaves {@code minTimeLeft} after the
 * delay; otherwise it is answered with the failure. A request that was parked and still finds no provider is also
 * copied to the dead-letter topic.
 *
 * @param maxParks    times one request may be parked; 0 turns parking off
 * @param delay       wait before a parked request is tried again
 * @param minTimeLeft time the deadline must leave after the delay for a park to be worth it
 */
@Validated
@ConfigurationProperties("relay.retry-topic")
public record RetryTopicSettings(
        @PositiveOrZero @DefaultValue("2") int maxParks,
        @NotNull @DurationMin(millis = 1) @DefaultValue("15s") Duration delay,
        @NotNull @DurationMin(millis = 0) @DefaultValue("5s") Duration minTimeLeft) {
}
