package io.llmrelay.aggregator.totals;

import static io.llmrelay.aggregator.db.Tables.BUDGET_ALERTS;
import static io.llmrelay.aggregator.db.Tables.USAGE_ROLLUPS;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.llmrelay.aggregator.db.tables.records.BudgetAlertsRecord;
import io.llmrelay.aggregator.db.tables.records.UsageRollupsRecord;
import io.llmrelay.schemas.BudgetAlert;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Writes one batch of totals and alerts in one transaction. Totals are absolute (the store's latest value), so
 * an upsert makes a re-read changelog rewrite the same rows; alerts are unique per subject, period and threshold,
 * so a re-read alert is skipped.
 */
final class RollupWriter {

    private static final Field<?>[] ROLLUP_COLUMNS = USAGE_ROLLUPS.fields();
    private static final Field<?>[] ALERT_COLUMNS = List.of(BUDGET_ALERTS.fields()).stream()
            .filter(field -> !field.equals(BUDGET_ALERTS.ID)).toArray(Field<?>[]::new);

    private final DSLContext dsl;

    RollupWriter(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** @param totals the latest totals per key of this batch */
    void write(Map<TotalsKey, Totals> totals, Collection<BudgetAlert> alerts, OffsetDateTime now) {
        dsl.transaction(transaction -> {
            DSLContext tx = transaction.dsl();
            if (!totals.isEmpty()) {
                List<UsageRollupsRecord> rows = totals.entrySet().stream()
                        .map(entry -> row(entry.getKey(), entry.getValue(), now)).toList();
                tx.insertInto(USAGE_ROLLUPS, ROLLUP_COLUMNS)
                        .valuesOfRecords(rows.stream().map(row -> row.into(ROLLUP_COLUMNS)).toList())
                        .onConflict(USAGE_ROLLUPS.SUBJECT_TYPE, USAGE_ROLLUPS.SUBJECT_ID, USAGE_ROLLUPS.PERIOD_KIND,
                                USAGE_ROLLUPS.PERIOD_START)
                        .doUpdate()
                        .set(USAGE_ROLLUPS.REQUESTS, DSL.excluded(USAGE_ROLLUPS.REQUESTS))
                        .set(USAGE_ROLLUPS.ATTEMPTS, DSL.excluded(USAGE_ROLLUPS.ATTEMPTS))
                        .set(USAGE_ROLLUPS.PROMPT_TOKENS, DSL.excluded(USAGE_ROLLUPS.PROMPT_TOKENS))
                        .set(USAGE_ROLLUPS.COMPLETION_TOKENS, DSL.excluded(USAGE_ROLLUPS.COMPLETION_TOKENS))
                        .set(USAGE_ROLLUPS.COST_MICROS, DSL.excluded(USAGE_ROLLUPS.COST_MICROS))
                        .set(USAGE_ROLLUPS.UNPRICED_ATTEMPTS, DSL.excluded(USAGE_ROLLUPS.UNPRICED_ATTEMPTS))
                        .set(USAGE_ROLLUPS.UNPRICED_PROMPT_TOKENS, DSL.excluded(USAGE_ROLLUPS.UNPRICED_PROMPT_TOKENS))
                        .set(USAGE_ROLLUPS.UNPRICED_COMPLETION_TOKENS, DSL.excluded(USAGE_ROLLUPS.UNPRICED_COMPLETION_TOKENS))
                        .set(USAGE_ROLLUPS.UPDATED_AT, DSL.excluded(USAGE_ROLLUPS.UPDATED_AT))
                        .execute();
            }
            if (!alerts.isEmpty()) {
                tx.insertInto(BUDGET_ALERTS, ALERT_COLUMNS)
                        .valuesOfRecords(alerts.stream().map(alert -> row(alert).into(ALERT_COLUMNS)).toList())
                        .onConflictDoNothing()
                        .execute();
            }
        });
    }

    private static UsageRollupsRecord row(TotalsKey key, Totals totals, OffsetDateTime now) {
        return new UsageRollupsRecord()
                .setSubjectType(key.subject().type().label())
                .setSubjectId(key.subject().id())
                .setPeriodKind(key.period().kind().label())
                .setPeriodStart(key.period().start())
                .setRequests(totals.requests())
                .setAttempts(totals.attempts())
                .setPromptTokens(totals.promptTokens())
                .setCompletionTokens(totals.completionTokens())
                .setCostMicros(totals.costMicros())
                .setUnpricedAttempts(totals.unpricedAttempts())
                .setUnpricedPromptTokens(totals.unpricedPromptTokens())
                .setUnpricedCompletionTokens(totals.unpricedCompletionTokens())
                .setUpdatedAt(now);
    }

    private static BudgetAlertsRecord row(BudgetAlert alert) {
        return new BudgetAlertsRecord()
                .setSubjectType(alert.getSubjectType())
                .setSubjectId(alert.getSubjectId())
                .setPeriod(alert.getPeriod())
                .setThresholdPercent(alert.getThresholdPercent())
                .setSpentMicros(alert.getSpentMicros())
                .setLimitMicros(alert.getLimitMicros())
                .setHard(alert.getHard())
                .setRaisedAt(alert.getRaisedAt().atOffset(ZoneOffset.UTC));
    }
}
