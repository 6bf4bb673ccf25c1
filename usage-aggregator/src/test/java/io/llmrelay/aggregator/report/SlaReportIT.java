package io.llmrelay.aggregator.report;

import static io.llmrelay.aggregator.db.Tables.PROVIDER_SLA_DAILY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.llmrelay.aggregator.db.tables.records.ProviderSlaDailyRecord;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code provider_sla_daily} recomputed from {@code api_usage_logs}. The session runs in Tokyo time (UTC+9), so a
 * report that used the session's zone instead of UTC would move the early-morning rows to other days.
 */
class SlaReportIT {

    private static final LocalDate MARCH_13 = LocalDate.of(2026, 3, 13);
    private static final LocalDate MARCH_14 = LocalDate.of(2026, 3, 14);
    private static final Instant FIRST_RUN = Instant.parse("2026-03-14T23:55:00Z");
    private static final Instant SECOND_RUN = Instant.parse("2026-03-15T00:05:00Z");

    private static final List<UsageLogRow> FIXTURE = List.of(
            // the last millisecond of March 13 and the first of March 15 (UTC) bracket the day
            sla("openai", true, 7, "2026-03-13T23:59:59.999Z"),
            sla("openai", true, 9, "2026-03-15T00:00:00Z"),
            // March 14: five successes, out of order, and two failures whose latencies lie on either side of them
            sla("openai", true, 1_000, "2026-03-14T00:00:00Z"),
            sla("openai", true, 300, "2026-03-14T06:00:00Z"),
            sla("openai", true, 100, "2026-03-14T09:00:00Z"),
            sla("openai", false, 30_000, "2026-03-14T10:00:00Z"),
            sla("openai", false, 5, "2026-03-14T11:00:00Z"),
            sla("openai", true, 400, "2026-03-14T12:00:00Z"),
            sla("openai", true, 200, "2026-03-14T23:59:59.999Z"),
            sla("anthropic", false, 60_000, "2026-03-14T15:00:00Z"));

    private Connection connection;
    private DSLContext dsl;

    @BeforeEach
    void migratedDatabaseWithTheFixture() throws SQLException {
        connection = new ReportDatabase().connect();
        dsl = DSL.using(connection, SQLDialect.POSTGRES);
        dsl.execute("SET TIME ZONE 'Asia/Tokyo'");
        FIXTURE.forEach(row -> row.insertInto(dsl));
    }

    @AfterEach
    void closeConnection() throws SQLException {
        connection.close();
    }

    @Test
    void computesAvailabilityAndPercentilesOfSuccessfulLatenciesPerProviderAndUtcDay() {
        int written = reportAt(FIRST_RUN).recompute(MARCH_13, MARCH_14);

        assertThat(written).isEqualTo(3);
        assertThat(dsl.fetchCount(PROVIDER_SLA_DAILY)).as("nothing for March 15").isEqualTo(3);

        ProviderSlaDailyRecord openai = row(MARCH_14, "openai");
        assertThat(openai.getAttempts()).isEqualTo(7L);
        assertThat(openai.getSuccessfulAttempts()).isEqualTo(5L);
        assertThat(openai.getAvailability()).as("5/7 = 0.714285..., rounded down").isEqualTo(new BigDecimal("0.7142"));
        double[] successful = {100, 200, 300, 400, 1_000};
        assertThat(openai.getLatencyP50Ms()).isEqualTo(percentileCont(0.5, successful)).isEqualTo(300.0);
        assertThat(openai.getLatencyP95Ms()).isEqualTo(percentileCont(0.95, successful)).isCloseTo(880.0, within(1e-9));
        assertThat(openai.getLatencyP99Ms()).isEqualTo(percentileCont(0.99, successful)).isCloseTo(976.0, within(1e-9));
        assertThat(openai.getComputedAt().toInstant()).isEqualTo(FIRST_RUN);

        ProviderSlaDailyRecord anthropic = row(MARCH_14, "anthropic");
        assertThat(anthropic.getAttempts()).isEqualTo(1L);
        assertThat(anthropic.getSuccessfulAttempts()).isZero();
        assertThat(anthropic.getAvailability()).isEqualTo(new BigDecimal("0.0000"));
        assertThat(anthropic.getLatencyP50Ms()).as("no successful attempt to measure").isNull();
        assertThat(anthropic.getLatencyP95Ms()).isNull();
        assertThat(anthropic.getLatencyP99Ms()).isNull();

        ProviderSlaDailyRecord openaiDayBefore = row(MARCH_13, "openai");
        assertThat(openaiDayBefore.getAttempts()).isEqualTo(1L);
        assertThat(openaiDayBefore.getAvailability()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(openaiDayBefore.getLatencyP50Ms()).isEqualTo(7.0);
        assertThat(openaiDayBefore.getLatencyP99Ms()).isEqualTo(7.0);
    }

    @Test
    void recomputingADayReplacesItsRowWithTheAttemptsThatArrivedSince() {
        reportAt(FIRST_RUN).recompute(MARCH_14, MARCH_14);
        // logged after the first run, for the day that has just ended
        sla("openai", true, 5_000, "2026-03-14T23:58:00Z").insertInto(dsl);
        sla("openai", false, 120, "2026-03-14T23:59:00Z").insertInto(dsl);

        int written = reportAt(SECOND_RUN).recompute(MARCH_14, MARCH_14);

        assertThat(written).isEqualTo(2);
        assertThat(dsl.fetchCount(PROVIDER_SLA_DAILY)).as("one row per day and provider").isEqualTo(2);
        ProviderSlaDailyRecord openai = row(MARCH_14, "openai");
        assertThat(openai.getAttempts()).isEqualTo(9L);
        assertThat(openai.getSuccessfulAttempts()).isEqualTo(6L);
        assertThat(openai.getAvailability()).as("6/9, rounded down").isEqualTo(new BigDecimal("0.6666"));
        double[] successful = {100, 200, 300, 400, 1_000, 5_000};
        assertThat(openai.getLatencyP50Ms()).isEqualTo(percentileCont(0.5, successful)).isEqualTo(350.0);
        assertThat(openai.getLatencyP95Ms()).isEqualTo(percentileCont(0.95, successful)).isCloseTo(4_000.0, within(1e-9));
        assertThat(openai.getLatencyP99Ms()).isEqualTo(percentileCont(0.99, successful)).isCloseTo(4_800.0, within(1e-9));
        assertThat(openai.getComputedAt().toInstant()).isEqualTo(SECOND_RUN);
        assertThat(row(MARCH_14, "anthropic").getComputedAt().toInstant()).isEqualTo(SECOND_RUN);
    }

    @Test
    void refusesARangeThatEndsBeforeItStarts() {
        SlaReport report = reportAt(FIRST_RUN);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> report.recompute(MARCH_14, MARCH_13))
                .withMessageContaining("2026-03-14 to 2026-03-13");
        assertThat(dsl.fetchCount(PROVIDER_SLA_DAILY)).isZero();
    }

    private SlaReport reportAt(Instant now) {
        return new SlaReport(dsl, Clock.fixed(now, ZoneOffset.UTC));
    }

    private ProviderSlaDailyRecord row(LocalDate day, String provider) {
        return dsl.fetchSingle(PROVIDER_SLA_DAILY,
                PROVIDER_SLA_DAILY.DAY.eq(day).and(PROVIDER_SLA_DAILY.PROVIDER_NAME.eq(provider)));
    }

    /**
     * PostgreSQL's percentile_cont (orderedsetaggs.c), in the same double arithmetic: the value at position
     * {@code p * (n - 1)} of the sorted input, interpolated linearly between its neighbours.
     */
    private static double percentileCont(double p, double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = p * (sorted.length - 1);
        double lower = sorted[(int) Math.floor(position)];
        double upper = sorted[(int) Math.ceil(position)];
        return lower + ((position - Math.floor(position)) * (upper - lower));
    }

    private static UsageLogRow sla(String provider, boolean success, int latencyMs, String occurredAt) {
        return new UsageLogRow("sla-" + UUID.randomUUID(), 1, "user-sla", "team-sla", provider, "model-" + provider,
                100, success ? 20 : 0, success ? 1_000 : 0, true, success, latencyMs, occurredAt);
    }
}
