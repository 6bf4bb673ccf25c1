package io.llmrelay.worker.budget;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.budget.*}: how the worker enforces the budgets the usage-aggregator evaluates. Holds are kept in the
 * rate limiter's database ({@code relay.rate-limits.datasource.*}) when one is configured, else per worker.
 *
 * @param enabled            false: no budget is checked or held by this worker
 * @param zone               time zone of the budget periods; must be the aggregator's
 *                           {@code relay.aggregator.totals.zone}, else a day's status is taken for the wrong day
 * @param defaultMaxTokens   completion tokens a request without {@code max_tokens} is assumed to take, for its
 *                           maximum cost
 * @param startupReadTimeout how long start-up waits for the budget topics to be read; then the worker starts with
 *                           what it has and reads the rest in the background
 */
@Validated
@ConfigurationProperties("relay.budget")
public record BudgetSettings(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("UTC") ZoneId zone,
        @Positive @DefaultValue("1024") int defaultMaxTokens,
        @NotNull @DurationMin(millis = 0) @DefaultValue("5s") Duration startupReadTimeout) {
}
