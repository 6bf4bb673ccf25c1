package io.llmrelay.aggregator.budget;

import static io.llmrelay.aggregator.db.Tables.BUDGETS;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.llmrelay.aggregator.db.tables.records.BudgetsRecord;
import io.llmrelay.aggregator.totals.Subject;
import io.llmrelay.schemas.Budget;
import org.jooq.DSLContext;

/** The {@code budgets} table: the admin API's record of every budget, which {@code llm.budgets} mirrors. */
final class BudgetRepository {

    private final DSLContext dsl;

    BudgetRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Creates or replaces the subject's budget; {@code created_at} stays that of the first version. */
    BudgetView upsert(DSLContext tx, Budget budget) {
        var updatedAt = budget.getUpdatedAt().atOffset(ZoneOffset.UTC);
        Integer[] thresholds = budget.getThresholdsPercent().toArray(Integer[]::new);
        return view(tx.insertInto(BUDGETS)
                .set(BUDGETS.SUBJECT_TYPE, budget.getSubjectType())
                .set(BUDGETS.SUBJECT_ID, budget.getSubjectId())
                .set(BUDGETS.LIMIT_MICROS, budget.getLimitMicros())
                .set(BUDGETS.PERIOD, budget.getPeriod())
                .set(BUDGETS.THRESHOLDS_PERCENT, thresholds)
                .set(BUDGETS.HARD, budget.getHard())
                .set(BUDGETS.CREATED_AT, updatedAt)
                .set(BUDGETS.UPDATED_AT, updatedAt)
                .onConflict(BUDGETS.SUBJECT_TYPE, BUDGETS.SUBJECT_ID)
                .doUpdate()
                .set(BUDGETS.LIMIT_MICROS, budget.getLimitMicros())
                .set(BUDGETS.PERIOD, budget.getPeriod())
                .set(BUDGETS.THRESHOLDS_PERCENT, thresholds)
                .set(BUDGETS.HARD, budget.getHard())
                .set(BUDGETS.UPDATED_AT, updatedAt)
                .returning()
                .fetchSingle());
    }

    boolean delete(DSLContext tx, Subject subject) {
        return tx.deleteFrom(BUDGETS)
                .where(BUDGETS.SUBJECT_TYPE.eq(subject.type().label()), BUDGETS.SUBJECT_ID.eq(subject.id()))
                .execute() > 0;
    }

    Optional<BudgetView> find(Subject subject) {
        return dsl.selectFrom(BUDGETS)
                .where(BUDGETS.SUBJECT_TYPE.eq(subject.type().label()), BUDGETS.SUBJECT_ID.eq(subject.id()))
                .fetchOptional()
                .map(BudgetRepository::view);
    }

    List<BudgetView> list() {
        return dsl.selectFrom(BUDGETS).orderBy(BUDGETS.SUBJECT_TYPE, BUDGETS.SUBJECT_ID).fetch()
                .map(BudgetRepository::view);
    }

    /** Every stored budget as its {@code llm.budgets} record, to publish them again. */
    List<Budget> all() {
        return dsl.selectFrom(BUDGETS).fetch().map(row -> Budget.newBuilder()
                .setSubjectType(row.getSubjectType())
                .setSubjectId(row.getSubjectId())
                .setLimitMicros(row.getLimitMicros())
                .setPeriod(row.getPeriod())
                .setThresholdsPercent(Arrays.asList(row.getThresholdsPercent()))
                .setHard(row.getHard())
                .setUpdatedAt(row.getUpdatedAt().toInstant())
                .build());
    }

    DSLContext dsl() {
        return dsl;
    }

    private static BudgetView view(BudgetsRecord row) {
        return new BudgetView(row.getSubjectType() + ":" + row.getSubjectId(), row.getSubjectType(), row.getSubjectId(),
                row.getLimitMicros(), row.getPeriod(), List.of(row.getThresholdsPercent()), row.getHard(),
                row.getCreatedAt().toInstant(), row.getUpdatedAt().toInstant());
    }
}
