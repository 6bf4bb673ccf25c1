package io.llmrelay.worker.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

import io.llmrelay.worker.provider.Target;

/**
 * The targets that may answer one model name, and how to order them for a request.
 *
 * @param alias          the model name callers use
 * @param targets        configured order
 * @param weights        per target, same order; used by {@link Strategy#WEIGHTED}
 * @param budgetFallback the cheaper target to use while a caller is above its budget share, if any
 * @param aboveShare     that share (0..1); meaningless without a budget fallback
 */
public record Route(String alias, Strategy strategy, List<Target> targets, List<Integer> weights,
                    Optional<Target> budgetFallback, double aboveShare) {

    public Route {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(strategy, "strategy");
        targets = List.copyOf(targets);
        weights = List.copyOf(weights);
        if (targets.isEmpty() || targets.size() != weights.size()) {
            throw new IllegalArgumentException("route '" + alias + "' needs targets, one weight each");
        }
    }

    /** A model without a configured route: the model as named, on one provider, no fallback. */
    static Route passThrough(String model, String provider) {
        return new Route(model, Strategy.PRIORITY, List.of(new Target(provider, model)), List.of(1), Optional.empty(),
                1.0);
    }

    /**
     * The targets to try for one request, best first.
     *
     * @param latencies recent latency per target, for {@link Strategy#LEAST_LATENCY}
     * @param random    draws the first target for {@link Strategy#WEIGHTED}
     */
    public List<Target> order(LatencyTracker latencies, RandomGenerator random) {
        return switch (strategy) {
            case PRIORITY -> targets;
            case WEIGHTED -> weightedFirst(random);
            case LEAST_LATENCY -> latencies.fastestFirst(targets);
        };
    }

    /**
     * The targets for a caller above {@link #aboveShare()} of a budget: the cheaper target first, then the route's
     * own targets as fallbacks (a cheaper model that is down must not leave the caller without an answer).
     */
    public List<Target> orderForSpender(LatencyTracker latencies, RandomGenerator random) {
        if (budgetFallback.isEmpty()) {
            return order(latencies, random);
        }
        List<Target> ordered = new ArrayList<>();
        ordered.add(budgetFallback.get());
        order(latencies, random).stream().filter(t -> !t.equals(budgetFallback.get())).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    private List<Target> weightedFirst(RandomGenerator random) {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        int pick = random.nextInt(total);
        int first = 0;
        for (int i = 0; i < weights.size(); i++) {
            pick -= weights.get(i);
            if (pick < 0) {
                first = i;
                break;
            }
        }
        List<Target> ordered = new ArrayList<>(targets.size());
        ordered.add(targets.get(first));
        for (int i = 0; i < targets.size(); i++) {
            if (i != first) {
                ordered.add(targets.get(i));
            }
        }
        return List.copyOf(ordered);
    }
}
