package io.llmrelay.aggregator.totals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.aggregator.totals.*}: the Kafka Streams application that keeps totals and budgets.
 *
 * @param applicationId     Kafka Streams {@code application.id}, after the relay's topic prefix: names its group,
 *                          internal topics and transactional ids (the KafkaUser ACLs grant that prefix). A new id
 *                          starts from empty state and re-reads {@code llm.usage} (README: replaying usage)
 * @param zone              time zone of days and months, e.g. {@code UTC} or {@code Europe/Berlin}
 * @param retention         how long deduplication state and past periods' totals are kept; usage arriving later
 *                          than this behind the newest is not counted. Longer than {@code llm.usage}'s 30 days,
 *                          so whatever the topic can re-deliver is still recognised as a duplicate
 * @param statusRefresh     how often a new day or month is looked for, to publish the fresh period's status
 * @param stateDir          local RocksDB state; lost state is restored from the changelogs. Unset: Kafka
 *                          Streams' default, {@code ${java.io.tmpdir}/kafka-streams}
 * @param replicationFactor of the internal topics; -1 takes the broker's default
 * @param commitInterval    how often a transaction commits: the delay before totals, alerts and status are visible
 * @param rollupGroupId     consumer group of the writer of totals and alerts to PostgreSQL
 * @param rollupBatchSize   most records per poll of that writer, and so per upsert
 * @param reprice           recompute each usage event's cost from its tokens with the {@code model_prices} row in
 *                          force on its (UTC) day, where one is; for a replay after a price correction (README).
 *                          Off: totals are the sums of the costs the workers billed
 * @param priceRefresh      with {@code reprice}, how often {@code model_prices} is re-read into memory
 */
@Validated
@ConfigurationProperties("relay.aggregator.totals")
public record TotalsProperties(
        @NotBlank @DefaultValue("llm-relay-usage-aggregator-streams") String applicationId,
        @NotNull @DefaultValue("UTC") ZoneId zone,
        @NotNull @DurationMin(days = 31) @DefaultValue("40d") Duration retention,
        @NotNull @DurationMin(millis = 100) @DefaultValue("30s") Duration statusRefresh,
        Path stateDir,
        @Min(-1) @Max(32) @DefaultValue("-1") int replicationFactor,
        @NotNull @DurationMin(millis = 1) @DefaultValue("100ms") Duration commitInterval,
        @NotBlank @DefaultValue("llm-relay-usage-aggregator-rollups") String rollupGroupId,
        @Positive @Max(2_000) @DefaultValue("500") int rollupBatchSize,
        @DefaultValue("false") boolean reprice,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("60s") Duration priceRefresh) {

    public TotalsProperties {
        if (replicationFactor == 0) {
            throw new IllegalArgumentException("relay.aggregator.totals.replication-factor must be -1 (the broker's "
                    + "default) or at least 1, was 0");
        }
    }
}
