package io.llmrelay.aggregator.status;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The status page's reads: a few aggregate queries over indexed tables, each bounded (a time window, a row limit),
 * so the page stays fast whatever the size of {@code api_usage_logs}.
 */
final class StatusRepository {

    /** Failed credential events of the workers: rejections, keys marked bad, unreadable entries, token failures. */
    static final String CREDENTIAL_ACTIONS = "(action LIKE 'provider.%' OR action LIKE 'credential.%'"
            + " OR action LIKE 'oauth2.%')";

    private final DSLContext dsl;

    StatusRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Per provider over {@code [since, now]}: attempts, failures, p95 of successful ones, newest success. */
    List<ProviderUsage> providerUsage(Instant since) {
        return dsl.fetch("""
                        SELECT provider_name,
                               count(*) AS attempts,
                               count(*) FILTER (WHERE NOT success) AS failures,
                               percentile_cont(0.95) WITHIN GROUP (ORDER BY processing_time_ms)
                                   FILTER (WHERE success) AS p95_ms,
                               max(occurred_at) FILTER (WHERE success) AS last_success
                        FROM api_usage_logs
                        WHERE occurred_at >= ?::timestamptz
                        GROUP BY provider_name
                        ORDER BY provider_name""", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .map(row -> new ProviderUsage(row.get("provider_name", String.class),
                        row.get("attempts", Long.class), row.get("failures", Long.class),
                        row.get("p95_ms", Double.class), instant(row, "last_success")));
    }

    /** Providers that were billed this month, so that one idle for the last hour is still listed. */
    List<String> providersThisMonth(LocalDate monthStart) {
        return dsl.fetch("""
                        SELECT DISTINCT split_part(subject_id, '/', 1) AS provider
                        FROM usage_rollups
                        WHERE subject_type = 'provider' AND period_kind = 'month' AND period_start = ?
                        ORDER BY 1""", monthStart)
                .map(row -> row.get("provider", String.class));
    }

    /**
     * Users and teams with spend this month or a budget, the biggest spenders first; budgeted ones with their spend
     * in the budget's current period ({@code monthStart} for monthly budgets, {@code today} for daily ones).
     */
    List<StatusSnapshot.Spend> spend(LocalDate monthStart, LocalDate today, int limit) {
        return dsl.fetch("""
                        WITH month AS (
                            SELECT subject_type, subject_id, cost_micros
                            FROM usage_rollups
                            WHERE period_kind = 'month' AND period_start = ?::date AND subject_type IN ('user', 'team')
                        ), budgeted AS (
                            SELECT b.subject_type, b.subject_id, b.limit_micros, b.period, b.hard,
                                   COALESCE(r.cost_micros, 0) AS period_spent
                            FROM budgets b
                            LEFT JOIN usage_rollups r
                              ON r.subject_type = b.subject_type AND r.subject_id = b.subject_id
                             AND r.period_kind = b.period
                             AND r.period_start = CASE WHEN b.period = 'month' THEN ?::date ELSE ?::date END
                            WHERE b.subject_type IN ('user', 'team')
                        )
                        SELECT COALESCE(m.subject_type, bu.subject_type) AS subject_type,
                               COALESCE(m.subject_id, bu.subject_id) AS subject_id,
                               COALESCE(m.cost_micros, 0) AS month_spent,
                               bu.limit_micros, bu.period, bu.period_spent, bu.hard
                        FROM month m
                        FULL JOIN budgeted bu ON bu.subject_type = m.subject_type AND bu.subject_id = m.subject_id
                        ORDER BY month_spent DESC, subject_type, subject_id
                        LIMIT ?""", monthStart, monthStart, today, limit)
                .map(row -> {
                    Long limitMicros = row.get("limit_micros", Long.class);
                    Long periodSpent = row.get("period_spent", Long.class);
                    return new StatusSnapshot.Spend(row.get("subject_type", String.class),
                            row.get("subject_id", String.class), row.get("month_spent", Long.class), limitMicros,
                            row.get("period", String.class), periodSpent, row.get("hard", Boolean.class),
                            limitMicros == null ? null : (double) periodSpent / limitMicros);
                });
    }

    /** The newest budget thresholds crossed. */
    List<StatusSnapshot.Alert> budgetAlerts(int limit) {
        return dsl.fetch("""
                        SELECT subject_type, subject_id, period, threshold_percent, spent_micros, limit_micros, hard,
                               raised_at
                        FROM budget_alerts
                        ORDER BY raised_at DESC, id DESC
                        LIMIT ?""", limit)
                .map(row -> new StatusSnapshot.Alert(instant(row, "raised_at"), "budget",
                        row.get("subject_type", String.class) + ":" + row.get("subject_id", String.class),
                        row.get("threshold_percent", Integer.class) + " % of the " + period(row.get("period",
                                String.class)) + " budget reached: " + Money.usd(row.get("spent_micros", Long.class))
                                + " of " + Money.usd(row.get("limit_micros", Long.class))
                                + (row.get("hard", Boolean.class) ? " (hard)" : "")));
    }

    /** The newest failed credential events of the workers (never key material: fingerprints at most). */
    List<StatusSnapshot.Alert> credentialAlerts(int limit) {
        return dsl.fetch("SELECT occurred_at, action, subject, actor, key_fingerprint, details->>'reason' AS reason"
                        + " FROM audit_events WHERE outcome = 'failure' AND " + CREDENTIAL_ACTIONS
                        + " ORDER BY occurred_at DESC, id DESC LIMIT ?", limit)
                .map(row -> {
                    String fingerprint = row.get("key_fingerprint", String.class);
                    String reason = row.get("reason", String.class);
                    return new StatusSnapshot.Alert(instant(row, "occurred_at"), "credential",
                            row.get("subject", String.class), row.get("action", String.class)
                            + (fingerprint == null ? "" : " (key " + fingerprint + ")")
                            + (reason == null ? "" : ": " + reason)
                            + ", reported by " + row.get("actor", String.class));
                });
    }

    private static String period(String period) {
        // yyyy-mm-dd for a daily budget, yyyy-mm for a monthly one
        return period.length() > 7 ? "daily (" + period + ")" : "monthly (" + period + ")";
    }

    private static Instant instant(Record row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** One provider's attempts in the window. */
    record ProviderUsage(String provider, long attempts, long failures, Double p95Ms, Instant lastSuccess) {
    }

    /** Micro-USD as dollars for people. */
    static final class Money {

        private Money() {
        }

        /** Cents from a dollar up; below that four decimals, so a small test spend is not shown as $0.00. */
        static String usd(long micros) {
            int scale = Math.abs(micros) >= 1_000_000 ? 2 : 4;
            return "$" + BigDecimal.valueOf(micros, 6).setScale(scale, RoundingMode.HALF_UP).toPlainString();
        }
    }
}
