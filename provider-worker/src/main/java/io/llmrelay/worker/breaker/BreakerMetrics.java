package io.llmrelay.worker.breaker;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.llmrelay.schemas.BreakerState;
import io.llmrelay.worker.cost.ModelLabels;
import io.llmrelay.worker.provider.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Breakers as meters: {@code relay.provider.breaker.state} (0 closed, 1 open, 2 half-open) and
 * {@code relay.provider.breaker.transitions} by the state entered and by who caused it ({@code local}: this worker's
 * calls; {@code peer}: a record from another worker). Labels are bounded: {@code model} is a priced model or
 * {@code other} ({@link ModelLabels}); several targets under one label show the worst of them (open, then half-open).
 */
public final class BreakerMetrics {

    static final String LOCAL = "local";
    static final String PEER = "peer";

    private final MeterRegistry registry;
    private final ModelLabels models;
    private final Map<List<String>, List<Supplier<BreakerState>>> gauges = new ConcurrentHashMap<>();

    public BreakerMetrics(MeterRegistry registry, ModelLabels models) {
        this.registry = registry;
        this.models = models;
    }

    void track(Target target, Supplier<BreakerState> state) {
        String model = models.of(target.provider(), target.model());
        gauges.computeIfAbsent(List.of(target.provider(), model), key -> {
            List<Supplier<BreakerState>> states = new CopyOnWriteArrayList<>();
            Gauge.builder("relay.provider.breaker.state", states, BreakerMetrics::worst)
                    .description("Circuit breaker of provider targets: 0 closed, 1 open, 2 half-open (the worst of"
                            + " the targets under one model label)")
                    .tags("provider", target.provider(), "model", model)
                    .register(registry);
            return states;
        }).add(state);
    }

    void transitioned(Target target, BreakerState to, String source) {
        Counter.builder("relay.provider.breaker.transitions")
                .description("Circuit breaker transitions, by the state entered and whether this worker's calls ("
                        + LOCAL + ") or a peer's record (" + PEER + ") caused them")
                .tags("provider", target.provider(), "to", to.name().toLowerCase(Locale.ROOT), "source", source)
                .register(registry).increment();
    }

    private static double worst(List<Supplier<BreakerState>> states) {
        boolean halfOpen = false;
        for (Supplier<BreakerState> state : states) {
            switch (state.get()) {
                case OPEN -> {
                    return 1;
                }
                case HALF_OPEN -> halfOpen = true;
                case CLOSED, DISABLED -> {
                }
            }
        }
        return halfOpen ? 2 : 0;
    }
}
