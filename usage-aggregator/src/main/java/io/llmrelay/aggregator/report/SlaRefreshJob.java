package io.llmrelay.aggregator.report;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps {@code provider_sla_daily} current: every {@code relay.aggregator.sla.refresh-interval} it recomputes
 * today and yesterday (UTC). Yesterday stays in the window so that attempts logged late, after midnight (a
 * worker's retries, a consumer catching up after an outage), still reach its row; days before that keep the
 * figures of their last recomputation.
 *
 * <p>Every replica runs it. That is harmless: the recomputation is an idempotent upsert in key order.
 */
final class SlaRefreshJob {

    private static final Logger log = LoggerFactory.getLogger(SlaRefreshJob.class);

    private final SlaReport report;
    private final Clock clock;

    SlaRefreshJob(SlaReport report, Clock clock) {
        this.report = report;
        this.clock = clock;
    }

    /** Runs once at start-up, then with a fixed delay; a failure is logged by Spring and the next run tries again. */
    @Scheduled(fixedDelayString = "#{@'" + SlaProperties.BEAN_NAME + "'.refreshInterval().toMillis()}")
    void refresh() {
        List<LocalDate> days = daysToRecompute(clock);
        try {
            int rows = report.recompute(days.getFirst(), days.getLast());
            log.debug("provider_sla_daily: recomputed {} rows for {}", rows, days);
        } catch (RuntimeException e) {
            throw new IllegalStateException("provider_sla_daily: could not recompute " + days
                    + " from api_usage_logs; their rows keep their previous figures until a later run succeeds", e);
        }
    }

    /** Yesterday and today, in that order, as UTC calendar days of the clock's instant. */
    static List<LocalDate> daysToRecompute(Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return List.of(today.minusDays(1), today);
    }
}
