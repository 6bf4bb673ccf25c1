package io.llmrelay.aggregator.totals;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.UsageEvent;

/**
 * What reaches a subject's task, keyed by subject: an attempt to add to its totals, or a change of its budget.
 * Both travel through one repartition topic so that a subject's spend and budget are handled by one task, in
 * one place, and a budget change can re-evaluate the spend at once.
 */
sealed interface SubjectEvent {

    /** @param firstOfRequest the first attempt of its request that the aggregator has seen */
    record Spend(UsageEvent usage, boolean firstOfRequest) implements SubjectEvent {
    }

    record BudgetSet(Budget budget) implements SubjectEvent {
    }

    record BudgetRemoved() implements SubjectEvent {
    }
}
