package io.llmrelay.aggregator.totals;

import io.llmrelay.schemas.UsageEvent;

/**
 * What one subject used in one period. Unpriced attempts (no known price, cost 0) are counted apart, so a spend
 * figure never hides usage that is not billed yet.
 *
 * @param requests    distinct request ids, counted in the period of the request's first attempt
 * @param attempts    billed provider attempts, failed ones included
 * @param costMicros  micro-USD of the priced attempts
 */
public record Totals(long requests, long attempts, long promptTokens, long completionTokens, long costMicros,
                     long unpricedAttempts, long unpricedPromptTokens, long unpricedCompletionTokens) {

    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0);

    /** @param firstOfRequest whether this is the first attempt of its request that the aggregator has seen */
    Totals plus(UsageEvent event, boolean firstOfRequest) {
        long prompt = event.getUsage().getPromptTokens();
        long completion = event.getUsage().getCompletionTokens();
        boolean priced = event.getPriced();
        return new Totals(
                requests + (firstOfRequest ? 1 : 0),
                attempts + 1,
                promptTokens + prompt,
                completionTokens + completion,
                Math.addExact(costMicros, event.getCostMicros()),
                unpricedAttempts + (priced ? 0 : 1),
                unpricedPromptTokens + (priced ? 0 : prompt),
                unpricedCompletionTokens + (priced ? 0 : completion));
    }
}
