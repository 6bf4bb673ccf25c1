package io.llmrelay.ingest.budget;

import io.llmrelay.schemas.budget.Dollars;

/**
 * The caller's user, team or key has exhausted its hard budget for the current period: answered 402
 * {@code budget_exceeded} by {@link BudgetErrorHandler}, and nothing is produced. A business outcome, frequent while
 * a subject stays blocked, so no stack trace.
 */
public final class BudgetExceededException extends RuntimeException {

    private final String subjectType;

    /**
     * @param subjectType {@code user}, {@code team} or {@code key}
     * @param period      {@code 2026-11} or {@code 2026-11-26}
     */
    BudgetExceededException(String subjectType, String subjectId, String period, long spentMicros, long limitMicros) {
        // the worker's wording (BudgetDenial.Block), so a caller sees one message whichever side refused
        super("budget of " + subjectType + " '" + subjectId + "' for " + period + " is exhausted: spent "
                + Dollars.format(spentMicros) + " of " + Dollars.format(limitMicros), null, false, false);
        this.subjectType = subjectType;
    }

    /** {@code user}, {@code team} or {@code key}: a metric label that names no one. */
    String subjectType() {
        return subjectType;
    }
}
