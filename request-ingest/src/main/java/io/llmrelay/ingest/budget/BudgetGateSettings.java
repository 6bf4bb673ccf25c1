package io.llmrelay.ingest.budget;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.ingest.budget.*}: whether the ingest refuses requests of subjects whose hard budget the
 * usage-aggregator reports exhausted ({@code llm.budget.status}), before anything is produced.
 *
 * @param enabled            false: the ingest neither reads {@code llm.budget.status} nor refuses anything for budget
 *                           reasons (the workers still do, with a REJECTED result that is answered 402 as well)
 * @param zone               time zone of the budget periods; must be the aggregator's
 *                           {@code relay.aggregator.totals.zone} (and the workers' {@code relay.budget.zone}), else a
 *                           day's or month's status is taken for the wrong period around midnight
 * @param startupReadTimeout how long start-up waits for {@code llm.budget.status} to be read; then the ingest starts
 *                           with what it has and reads the rest in the background (the workers still check)
 */
@Validated
@ConfigurationProperties("relay.ingest.budget")
public record BudgetGateSettings(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("UTC") ZoneId zone,
        @NotNull @DurationMin(millis = 0) @DefaultValue("5s") Duration startupReadTimeout) {
}
