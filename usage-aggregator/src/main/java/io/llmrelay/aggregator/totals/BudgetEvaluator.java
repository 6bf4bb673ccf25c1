package io.llmrelay.aggregator.totals;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetAlert;
import io.llmrelay.schemas.BudgetStatus;

/** Spend against a budget: which thresholds it reaches and what its status is. Pure, so every rule has a unit test. */
final class BudgetEvaluator {

    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    private BudgetEvaluator() {
    }

    /**
     * The budget's thresholds that {@code spentMicros} reaches and that were not alerted yet, ascending: a jump
     * from 40 % to 95 % reaches 50, 75 and 90 at once.
     */
    static List<Integer> newlyReached(Budget budget, long spentMicros, Set<Integer> alreadyAlerted) {
        return budget.getThresholdsPercent().stream()
                .distinct()
                .sorted()
                .filter(percent -> !alreadyAlerted.contains(percent))
                .filter(percent -> reached(spentMicros, budget.getLimitMicros(), percent))
                .toList();
    }

    /** {@code spent / limit >= percent / 100}, exactly (no rounding, no overflow). */
    static boolean reached(long spentMicros, long limitMicros, int percent) {
        return BigInteger.valueOf(spentMicros).multiply(HUNDRED)
                .compareTo(BigInteger.valueOf(limitMicros).multiply(BigInteger.valueOf(percent))) >= 0;
    }

    /** Only a hard budget blocks, from 100 % on. */
    static boolean blocked(Budget budget, long spentMicros) {
        return budget.getHard() && spentMicros >= budget.getLimitMicros();
    }

    static BudgetStatus status(Budget budget, Period period, long spentMicros, Instant now) {
        return BudgetStatus.newBuilder()
                .setSubjectType(budget.getSubjectType())
                .setSubjectId(budget.getSubjectId())
                .setPeriod(period.label())
                .setSpentMicros(spentMicros)
                .setLimitMicros(budget.getLimitMicros())
                .setBlocked(blocked(budget, spentMicros))
                .setUpdatedAt(now)
                .build();
    }

    static BudgetAlert alert(Budget budget, Period period, int percent, long spentMicros, Instant now) {
        return BudgetAlert.newBuilder()
                .setSubjectType(budget.getSubjectType())
                .setSubjectId(budget.getSubjectId())
                .setPeriod(period.label())
                .setThresholdPercent(percent)
                .setSpentMicros(spentMicros)
                .setLimitMicros(budget.getLimitMicros())
                .setHard(budget.getHard())
                .setRaisedAt(now)
                .build();
    }

    /** Whether {@code next} tells a reader anything {@code last} did not (the time of the update aside). */
    static boolean changed(BudgetStatus last, BudgetStatus next) {
        return last == null
                || !last.getPeriod().equals(next.getPeriod())
                || last.getSpentMicros() != next.getSpentMicros()
                || last.getLimitMicros() != next.getLimitMicros()
                || last.getBlocked() != next.getBlocked();
    }
}
