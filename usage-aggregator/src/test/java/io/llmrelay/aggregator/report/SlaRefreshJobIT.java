package io.llmrelay.aggregator.report;

import static io.llmrelay.aggregator.db.Tables.PROVIDER_SLA_DAILY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The report's Spring wiring: the job runs at start-up and then again every configured interval. */
class SlaRefreshJobIT {

    private static final Instant NOW = Instant.parse("2026-04-02T00:03:00Z");
    private static final LocalDate YESTERDAY = LocalDate.of(2026, 4, 1);
    private static final LocalDate TODAY = LocalDate.of(2026, 4, 2);

    @Test
    void recomputesYesterdayAndTodayAtStartUpAndAgainEveryRefreshInterval() {
        ReportDatabase database = new ReportDatabase();
        DSLContext dsl = DSL.using(new DriverManagerDataSource(database.jdbcUrl, database.username(), database.password()),
                SQLDialect.POSTGRES);
        row("openai", "2026-03-31T23:59:00Z").insertInto(dsl);       // the day before yesterday: left alone
        row("openai", "2026-04-01T23:59:30Z").insertInto(dsl);
        row("anthropic", "2026-04-02T00:01:00Z").insertInto(dsl);

        new ApplicationContextRunner()
                .withUserConfiguration(SlaReportConfiguration.class)
                .withBean(DSLContext.class, () -> dsl)
                .withBean(Clock.class, () -> Clock.fixed(NOW, ZoneOffset.UTC))
                .withPropertyValues("relay.aggregator.sla.refresh-interval=200ms")
                .run(started -> {
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> dsl.fetchCount(PROVIDER_SLA_DAILY) == 2);
                    assertThat(dsl.select(PROVIDER_SLA_DAILY.DAY, PROVIDER_SLA_DAILY.PROVIDER_NAME)
                            .from(PROVIDER_SLA_DAILY).fetch().map(r -> r.value1() + " " + r.value2()))
                            .containsExactlyInAnyOrder(YESTERDAY + " openai", TODAY + " anthropic");

                    // a late attempt for yesterday reaches its row at a later run, well before the 5-minute default
                    row("openai", "2026-04-01T23:59:45Z").insertInto(dsl);
                    await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(2).equals(dsl
                            .select(PROVIDER_SLA_DAILY.ATTEMPTS).from(PROVIDER_SLA_DAILY)
                            .where(PROVIDER_SLA_DAILY.DAY.eq(YESTERDAY), PROVIDER_SLA_DAILY.PROVIDER_NAME.eq("openai"))
                            .fetchOne(PROVIDER_SLA_DAILY.ATTEMPTS)));
                    assertThat(dsl.fetchCount(PROVIDER_SLA_DAILY)).isEqualTo(2);
                });
    }

    private static UsageLogRow row(String provider, String occurredAt) {
        return new UsageLogRow("job-" + occurredAt + "-" + provider, 1, "user-job", null, provider, "model-" + provider,
                10, 5, 100, true, true, 250, occurredAt);
    }
}
