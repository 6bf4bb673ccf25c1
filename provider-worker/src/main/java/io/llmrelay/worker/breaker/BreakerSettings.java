package io.llmrelay.worker.breaker;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.breaker.*}: when a provider target stops being called, and for how long. One breaker per
 * {@link io.llmrelay.worker.provider.Target}, shared by all workers through {@code llm.provider.health}.
 *
 * @param enabled           false: no breakers, every call goes out
 * @param failureThreshold  consecutive counted failures (5xx, timeout, unreachable, unusable answer) that open the
 *                          breaker; 4xx and 429 neither count nor break a run
 * @param waitOpen          how long an open breaker refuses calls before letting probes through (half-open),
 *                          counted from when it opened, on whichever worker that was
 * @param halfOpenCalls     probe calls let through while half-open; all must succeed to close, any counted failure
 *                          opens again
 * @param startupReadTimeout how long start-up waits, at most, to read the health topic up to its end, so that a new
 *                          worker starts with the breakers its peers opened; reading goes on in the background after
 */
@Validated
@ConfigurationProperties("relay.breaker")
public record BreakerSettings(
        @DefaultValue("true") boolean enabled,
        @Positive @Max(1000) @DefaultValue("5") int failureThreshold,
        @NotNull @DurationMin(millis = 1) @DefaultValue("60s") Duration waitOpen,
        @Positive @Max(100) @DefaultValue("1") int halfOpenCalls,
        @NotNull @DurationMin(millis = 0) @DefaultValue("5s") Duration startupReadTimeout) {
}
