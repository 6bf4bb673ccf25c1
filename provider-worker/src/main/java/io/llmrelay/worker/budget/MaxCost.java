package io.llmrelay.worker.budget;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.cost.ModelPrice;
import io.llmrelay.worker.provider.Target;
import io.llmrelay.worker.ratelimit.TokenEstimator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The most a request can cost before it is sent: its estimated prompt at the input price plus its {@code max_tokens}
 * (or a default) at the output price, for the dearest target its model may be routed to (a fallback may answer it).
 * A target without a price counts 0, and is logged once: the relay cannot hold back what it cannot price.
 */
final class MaxCost {

    private static final Logger log = LoggerFactory.getLogger(MaxCost.class);

    private final Function<String, List<Target>> targetsOf;
    private final BiFunction<String, String, Optional<ModelPrice>> prices;
    private final TokenEstimator estimator;
    private final int defaultMaxTokens;
    private final Set<Target> unpricedNoted = ConcurrentHashMap.newKeySet();

    /**
     * @param targetsOf        every target a requested model may be sent to (the route's targets and its budget
     *                         fallback); empty for a model no route serves
     * @param prices           by provider and model ({@link io.llmrelay.worker.cost.Pricing#price})
     * @param defaultMaxTokens the completion allowance of a request without {@code max_tokens}
     */
    MaxCost(Function<String, List<Target>> targetsOf, BiFunction<String, String, Optional<ModelPrice>> prices,
            TokenEstimator estimator, int defaultMaxTokens) {
        this.targetsOf = targetsOf;
        this.prices = prices;
        this.estimator = estimator;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** Micro-USD, rounded up; 0 when no target of the model is priced. */
    long micros(CompletionRequest request) {
        long highest = 0;
        for (Target target : targetsOf.apply(request.getModel())) {
            Optional<ModelPrice> price = prices.apply(target.provider(), target.model());
            if (price.isEmpty()) {
                if (unpricedNoted.add(target)) {
                    log.warn("no price for {}: requests that may go there reserve nothing of it against hard budgets;"
                            + " add it to the price file (relay.worker.price-file)", target);
                }
                continue;
            }
            highest = Math.max(highest, price.get().costMicros(usage(target, request)));
        }
        return highest;
    }

    private TokenUsage usage(Target target, CompletionRequest request) {
        Integer maxTokens = request.getMaxTokens();
        return TokenUsage.newBuilder()
                .setPromptTokens(Math.toIntExact(estimator.promptTokens(target.model(), request)))
                .setCompletionTokens(maxTokens != null && maxTokens > 0 ? maxTokens : defaultMaxTokens)
                .setCachedPromptTokens(0)
                .build();
    }
}
