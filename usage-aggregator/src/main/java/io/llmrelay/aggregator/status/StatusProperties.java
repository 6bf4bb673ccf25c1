package io.llmrelay.aggregator.status;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.aggregator.status.*}: the status page ({@code /status}, {@code /status.json}).
 *
 * @param enabled        false: no status page, and no reader of {@code llm.provider.health}
 * @param providerWindow providers' error rate, p95 latency and last success are over this recent window of
 *                       {@code api_usage_logs}
 * @param maxSubjects    spend rows shown, the biggest spenders first: the page stays small with many users
 * @param recentAlerts   alerts shown, newest first
 */
@Validated
@ConfigurationProperties("relay.aggregator.status")
record StatusProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DurationMin(minutes = 1) @DurationMax(days = 7) @DefaultValue("1h") Duration providerWindow,
        @Positive @Max(10_000) @DefaultValue("100") int maxSubjects,
        @Positive @Max(1_000) @DefaultValue("20") int recentAlerts) {
}
