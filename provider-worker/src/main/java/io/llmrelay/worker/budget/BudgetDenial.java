package io.llmrelay.worker.budget;

import io.llmrelay.schemas.budget.Dollars;

/**
 * Why a request may not be sent for budget reasons: its subject's hard budget is exhausted ({@link Block}) or the
 * request's maximum cost does not fit what is left ({@link Refusal}). Either becomes a REJECTED result carrying
 * {@link #message()}; neither is an error.
 */
public sealed interface BudgetDenial permits BudgetDenial.Block, BudgetDenial.Refusal {

    BudgetSubject subject();

    /** The period of the budget, e.g. {@code 2026-11} or {@code 2026-11-26}. */
    String period();

    /** For the caller: what is exhausted, by how much. */
    String message();

    /**
     * The aggregator reports the subject's hard budget spent for the current period.
     *
     * @param spentMicros micro-USD spent in {@code period}, as last reported
     * @param limitMicros the budget, micro-USD per period
     */
    record Block(BudgetSubject subject, String period, long spentMicros, long limitMicros) implements BudgetDenial {

        @Override
        public String message() {
            return "budget of " + subject + " for " + period + " is exhausted: spent " + Dollars.format(spentMicros)
                    + " of " + Dollars.format(limitMicros);
        }
    }

    /**
     * What is left of the subject's hard budget (limit minus spent minus what requests in flight on all workers hold)
     * is less than the request may cost.
     *
     * @param maxCostMicros the request's maximum cost: prompt estimate and completion allowance at the model's price
     * @param leftMicros    what was left for it, never negative
     */
    record Refusal(BudgetSubject subject, String period, long maxCostMicros, long leftMicros, long limitMicros)
            implements BudgetDenial {

        @Override
        public String message() {
            return "the request's maximum cost " + Dollars.format(maxCostMicros) + " does not fit the "
                    + Dollars.format(leftMicros) + " left of the budget of " + subject + " for " + period + " ("
                    + Dollars.format(limitMicros) + ", including requests in flight); lower max_tokens or wait"
                    + " for the requests in flight to finish";
        }
    }
}
