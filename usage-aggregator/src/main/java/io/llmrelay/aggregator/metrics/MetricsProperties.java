package io.llmrelay.aggregator.metrics;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.aggregator.metrics.*}: meters computed from the database rather than counted as events happen.
 *
 * @param budgetRefresh how often {@link BudgetGauges} counts the subjects near or over budget; the budget alert lags
 *                      by at most this plus the scrape interval
 */
@Validated
@ConfigurationProperties("relay.aggregator.metrics")
record MetricsProperties(@NotNull @DurationMin(seconds = 1) @DefaultValue("60s") Duration budgetRefresh) {
}
