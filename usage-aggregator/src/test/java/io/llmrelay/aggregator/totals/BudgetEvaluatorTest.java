package io.llmrelay.aggregator.totals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetStatus;
import org.junit.jupiter.api.Test;

class BudgetEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Period NOVEMBER = new Period(Period.Kind.MONTH, LocalDate.of(2026, 11, 1));

    @Test
    void aJumpPastSeveralThresholdsReachesEachOfThemInOrder() {
        assertThat(BudgetEvaluator.newlyReached(budget(1_000, true, List.of(100, 50, 90, 75)), 950, Set.of()))
                .containsExactly(50, 75, 90);
    }

    @Test
    void thresholdsAlreadyAlertedAreNotReachedAgain() {
        assertThat(BudgetEvaluator.newlyReached(budget(1_000, true, List.of(50, 75, 90, 100)), 2_000, Set.of(50, 75)))
                .containsExactly(90, 100);
    }

    @Test
    void aThresholdIsReachedExactlyAtItsShareOfTheLimitNotAMicroDollarBefore() {
        assertThat(BudgetEvaluator.reached(499_999, 1_000_000, 50)).isFalse();
        assertThat(BudgetEvaluator.reached(500_000, 1_000_000, 50)).isTrue();
        // 1/3 of 100 micro-USD is 33.33..: 33 is below it, 34 above
        assertThat(BudgetEvaluator.reached(33, 100, 34)).isFalse();
        assertThat(BudgetEvaluator.reached(34, 100, 34)).isTrue();
    }

    @Test
    void doesNotOverflowOnExtremeAmounts() {
        assertThat(BudgetEvaluator.reached(Long.MAX_VALUE, Long.MAX_VALUE, 100)).isTrue();
        assertThat(BudgetEvaluator.reached(Long.MAX_VALUE / 2, Long.MAX_VALUE, 51)).isFalse();
    }

    @Test
    void onlyAHardBudgetBlocksAndOnlyFromItsLimitOn() {
        assertThat(BudgetEvaluator.blocked(budget(1_000, true, List.of(100)), 999)).isFalse();
        assertThat(BudgetEvaluator.blocked(budget(1_000, true, List.of(100)), 1_000)).isTrue();
        assertThat(BudgetEvaluator.blocked(budget(1_000, false, List.of(100)), 5_000)).isFalse();
    }

    @Test
    void aStatusChangesWithSpendLimitPeriodOrBlockingButNotWithItsTimeAlone() {
        Budget budget = budget(1_000, true, List.of(100));
        BudgetStatus status = BudgetEvaluator.status(budget, NOVEMBER, 10, NOW);
        assertThat(BudgetEvaluator.changed(null, status)).isTrue();
        assertThat(BudgetEvaluator.changed(status, BudgetEvaluator.status(budget, NOVEMBER, 10, NOW.plusSeconds(9)))).isFalse();
        assertThat(BudgetEvaluator.changed(status, BudgetEvaluator.status(budget, NOVEMBER, 11, NOW))).isTrue();
        assertThat(BudgetEvaluator.changed(status, BudgetEvaluator.status(budget(2_000, true, List.of(100)), NOVEMBER, 10,
                NOW))).isTrue();
        assertThat(BudgetEvaluator.changed(status, BudgetEvaluator.status(budget,
                new Period(Period.Kind.MONTH, LocalDate.of(2026, 12, 1)), 10, NOW))).isTrue();
    }

    private static Budget budget(long limit, boolean hard, List<Integer> thresholds) {
        return Budget.newBuilder().setSubjectType("user").setSubjectId("alice").setLimitMicros(limit)
                .setPeriod("month").setThresholdsPercent(thresholds).setHard(hard).setUpdatedAt(NOW).build();
    }
}
