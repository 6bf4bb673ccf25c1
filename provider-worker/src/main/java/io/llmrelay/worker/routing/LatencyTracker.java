package io.llmrelay.worker.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.llmrelay.worker.provider.Target;

/**
 * Recent latency of each target's successful calls, as an exponentially weighted moving average, for
 * {@link Strategy#LEAST_LATENCY}. Failures are left out: a fast 500 must not make a broken target look best; the
 * breakers keep failing targets away.
 */
public final class LatencyTracker {

    /** Weight of the newest sample: about the last ten calls matter. */
    private static final double ALPHA = 0.2;

    private final ConcurrentHashMap<Target, Double> averageMillis = new ConcurrentHashMap<>();

    public void succeeded(Target target, Duration latency) {
        double millis = latency.toNanos() / 1e6;
        averageMillis.merge(target, millis, (old, sample) -> old + ALPHA * (sample - old));
    }

    /** Targets never measured first, in the given order, then the measured ones from fastest to slowest. */
    List<Target> fastestFirst(List<Target> targets) {
        List<Target> unmeasured = new ArrayList<>();
        List<Target> measured = new ArrayList<>();
        for (Target target : targets) {
            (averageMillis.containsKey(target) ? measured : unmeasured).add(target);
        }
        measured.sort(Comparator.comparingDouble(t -> averageMillis.getOrDefault(t, 0.0)));
        unmeasured.addAll(measured);
        return List.copyOf(unmeasured);
    }
}
