package io.llmrelay.aggregator.status;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * Everything the status page shows, as of one moment; {@code /status.json} is this object, {@code /status} its HTML
 * rendering. Money is in micro-USD, as everywhere in the relay.
 *
 * @param month        the calendar month of the spend, in the aggregator's time zone
 * @param windowSeconds the providers' figures are over this many seconds up to {@code generatedAt}
 */
record StatusSnapshot(Instant generatedAt, String zone, YearMonth month, long windowSeconds,
                      List<ProviderStatus> providers, List<Spend> spend, List<Alert> alerts) {

    /**
     * One provider: its breakers as the workers last published them, and its attempts in the window.
     *
     * @param state       the worst breaker state of its targets (OPEN, HALF_OPEN, CLOSED), or UNKNOWN when no
     *                    worker has published one
     * @param errorRate   failed / all attempts in the window; null without attempts
     * @param p95LatencyMs of successful attempts in the window; null without any
     * @param lastSuccess the newest successful attempt in the window; null without any
     */
    record ProviderStatus(String provider, String state, List<Breaker> breakers, long attempts, long failures,
                          Double errorRate, Double p95LatencyMs, Instant lastSuccess) {
    }

    /** One target's breaker from {@code llm.provider.health}. */
    record Breaker(String target, String state, Instant since, String reason, String reportedBy) {
    }

    /**
     * A user's or team's spend this month and, when it has one, its budget.
     *
     * @param budgetPeriod       {@code month} or {@code day}; null without a budget
     * @param periodSpentMicros  spend in the budget's current period (this month, or today); null without a budget
     * @param utilisation        periodSpent / limit (1.0 = 100 %); null without a budget
     */
    record Spend(String subjectType, String subjectId, long monthSpentMicros, Long limitMicros, String budgetPeriod,
                 Long periodSpentMicros, Boolean hard, Double utilisation) {
    }

    /**
     * A recent alert: a budget threshold crossed ({@code budget}), a provider credential problem ({@code credential},
     * from {@code audit_events}), or a breaker that is open now ({@code breaker}).
     */
    record Alert(Instant at, String kind, String subject, String message) {
    }
}
