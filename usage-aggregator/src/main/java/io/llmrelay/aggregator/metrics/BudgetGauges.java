package io.llmrelay.aggregator.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many budgeted subjects are at or above 90 % and 100 % of their budget in the current period (this month for
 * monthly budgets, today for daily ones, in the totals' time zone), for the budget alert: one gauge per threshold,
 * {@code relay.budget.subjects{threshold="90"|"100"}}. A count, never a subject id, so the label set stays two
 * series whatever the number of users; who they are is on the status page and in {@code budget_alerts}.
 *
 * <p>Counted from the {@code budget_utilisation} view on a schedule of its own, so a scrape never waits for
 * PostgreSQL. While the database is unreachable the gauges keep their last counts (logged once per outage); before
 * the first successful count they are NaN, which Prometheus treats as no sample.
 */
public final class BudgetGauges implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BudgetGauges.class);

    private final DSLContext dsl;
    private final ZoneId zone;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("budget-gauges").daemon(true).factory());
    private volatile double atNinety = Double.NaN;
    private volatile double atLimit = Double.NaN;
    private volatile boolean failing;

    public BudgetGauges(DSLContext dsl, ZoneId zone, Clock clock, MeterRegistry registry) {
        this.dsl = dsl;
        this.zone = zone;
        this.clock = clock;
        Gauge.builder("relay.budget.subjects", this, gauges -> gauges.atNinety)
                .description("Budgeted users, teams and keys at or above the threshold (percent of their budget)"
                        + " in the current period")
                .tag("threshold", "90")
                .register(registry);
        Gauge.builder("relay.budget.subjects", this, gauges -> gauges.atLimit)
                .description("Budgeted users, teams and keys at or above the threshold (percent of their budget)"
                        + " in the current period")
                .tag("threshold", "100")
                .register(registry);
    }

    /** Counts now, then every {@code interval}. */
    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::refreshSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Counts the subjects at or above 90 % and 100 % of their budget in their current period. */
    void refresh() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Record counts = dsl.fetchSingle("""
                SELECT count(*) FILTER (WHERE utilisation >= 0.9) AS at_ninety,
                       count(*) FILTER (WHERE utilisation >= 1) AS at_limit
                FROM budget_utilisation
                WHERE (period_kind = 'month' AND period_start = ?::date)
                   OR (period_kind = 'day' AND period_start = ?::date)""",
                today.withDayOfMonth(1), today);
        atNinety = counts.get("at_ninety", Integer.class);
        atLimit = counts.get("at_limit", Integer.class);
    }

    private void refreshSafely() {
        try {
            refresh();
            if (failing) {
                failing = false;
                log.info("budget gauges counted again from budget_utilisation");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("budget gauges could not be counted from budget_utilisation; they keep their last values"
                        + " until PostgreSQL answers: {}", e.toString());
            }
        }
    }

    double atNinety() {
        return atNinety;
    }

    double atLimit() {
        return atLimit;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
