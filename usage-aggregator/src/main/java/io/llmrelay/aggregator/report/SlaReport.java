package io.llmrelay.aggregator.report;

import static io.llmrelay.aggregator.db.Tables.API_USAGE_LOGS;
import static io.llmrelay.aggregator.db.Tables.PROVIDER_SLA_DAILY;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Recomputes {@code provider_sla_daily} (V5) from {@code api_usage_logs}: per provider and UTC day, the
 * attempts, how many succeeded, availability, and the 50th/95th/99th percentile of the successful attempts'
 * {@code processing_time_ms} as PostgreSQL's {@code percentile_cont} interpolates them.
 */
final class SlaReport {

    /** occurred_at's calendar day in UTC, whatever the session's TimeZone. */
    private static final Field<LocalDate> UTC_DAY =
            DSL.field("({0} at time zone 'UTC')::date", SQLDataType.LOCALDATE, API_USAGE_LOGS.OCCURRED_AT);
    private static final int AVAILABILITY_SCALE = 4;

    private final DSLContext dsl;
    private final Clock clock;

    SlaReport(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * Replaces the rows of every UTC day from {@code firstDay} to {@code lastDay} (inclusive) with figures
     * computed from the logs now, in one {@code INSERT ... SELECT ... ON CONFLICT (day, provider_name) DO UPDATE}.
     * A provider without attempts on a day gets no row; a row whose logs are gone (deleted by hand) is left as it was.
     *
     * @return how many (day, provider) rows were written
     */
    int recompute(LocalDate firstDay, LocalDate lastDay) {
        if (lastDay.isBefore(firstDay)) {
            throw new IllegalArgumentException(
                    "SLA days from " + firstDay + " to " + lastDay + ": the last day is before the first");
        }
        Field<Long> attempts = DSL.count().coerce(Long.class);
        Field<Long> successful = DSL.count().filterWhere(API_USAGE_LOGS.SUCCESS).coerce(Long.class);
        // Rounded down, so that 1.0000 means no attempt failed (rounding would show 1 failure in 20,000 as 1.0000).
        Field<BigDecimal> availability = DSL.trunc(successful.cast(SQLDataType.NUMERIC).div(attempts), AVAILABILITY_SCALE);
        return dsl.insertInto(PROVIDER_SLA_DAILY,
                        PROVIDER_SLA_DAILY.DAY, PROVIDER_SLA_DAILY.PROVIDER_NAME, PROVIDER_SLA_DAILY.ATTEMPTS,
                        PROVIDER_SLA_DAILY.SUCCESSFUL_ATTEMPTS, PROVIDER_SLA_DAILY.AVAILABILITY,
                        PROVIDER_SLA_DAILY.LATENCY_P50_MS, PROVIDER_SLA_DAILY.LATENCY_P95_MS,
                        PROVIDER_SLA_DAILY.LATENCY_P99_MS, PROVIDER_SLA_DAILY.COMPUTED_AT)
                .select(DSL.select(UTC_DAY, API_USAGE_LOGS.PROVIDER_NAME, attempts, successful, availability,
                                successfulLatency(0.5), successfulLatency(0.95), successfulLatency(0.99),
                                DSL.val(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)))
                        .from(API_USAGE_LOGS)
                        // a range on occurred_at (indexed), not a filter on UTC_DAY, so only these days are read
                        .where(API_USAGE_LOGS.OCCURRED_AT.ge(startOf(firstDay)))
                        .and(API_USAGE_LOGS.OCCURRED_AT.lt(startOf(lastDay.plusDays(1))))
                        .groupBy(UTC_DAY, API_USAGE_LOGS.PROVIDER_NAME)
                        // Rows are inserted, and so locked, in key order: two replicas recomputing the same
                        // days at the same time wait for each other instead of deadlocking.
                        .orderBy(UTC_DAY, API_USAGE_LOGS.PROVIDER_NAME))
                .onConflict(PROVIDER_SLA_DAILY.DAY, PROVIDER_SLA_DAILY.PROVIDER_NAME)
                .doUpdate()
                .setNonPrimaryKeyToExcluded()
                .execute();
    }

    /** Milliseconds; NULL for a day without successful attempts. */
    private static Field<Double> successfulLatency(double percentile) {
        return DSL.percentileCont(DSL.inline(percentile))
                .withinGroupOrderBy(API_USAGE_LOGS.PROCESSING_TIME_MS)
                .filterWhere(API_USAGE_LOGS.SUCCESS)
                .coerce(Double.class);
    }

    private static OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
