package io.llmrelay.worker.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

/**
 * Error rate, latency percentiles and the last success of each provider over a recent window, read off the meters
 * every attempt already records ({@code relay.provider.call.duration}, by provider, model and outcome, with a
 * percentile histogram): the call path needs no second hook. The meters are cumulative, so the window's figures
 * are the difference between a sample taken now and the oldest sample kept, no older than the window.
 *
 * <p>Precision: a success is dated by the first sample that saw it (at most one sample interval late), and the
 * percentiles are interpolated within histogram buckets, as Prometheus' {@code histogram_quantile} does.
 */
final class CallWindow implements AutoCloseable {

    static final String TIMER = "relay.provider.call.duration";
    static final String SUCCESS = "success";
    /** The request's own fault (a 400): counted, but not an error of the provider. */
    static final String CALLER_ERROR = "caller_error";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Map<String, Instant> lastSuccess = new HashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("provider-health-sampler").daemon(true).factory());

    CallWindow(MeterRegistry registry, Clock clock, Duration window) {
        this.registry = registry;
        this.clock = clock;
        this.window = window;
    }

    /** Samples every {@code interval}, so the window has a baseline also when nobody reads the endpoint. */
    void start(Duration interval) {
        sampler.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    /** Takes a sample now and drops the ones no longer needed. */
    synchronized void sample() {
        Instant now = clock.instant();
        Map<String, Counts> counts = read();
        Sample previous = samples.peekLast();
        counts.forEach((provider, current) -> {
            long before = previous == null ? 0 : previous.of(provider).success();
            if (current.success() > before) {
                lastSuccess.put(provider, now);
            }
        });
        samples.addLast(new Sample(now, counts));
        // keep the newest sample at or before the window's start as the baseline
        Instant start = now.minus(window);
        while (samples.size() > 2) {
            Sample second = samples.stream().skip(1).findFirst().orElseThrow();
            if (second.at().isAfter(start)) {
                break;
            }
            samples.removeFirst();
        }
    }

    /** The provider's figures between the oldest sample kept and the newest; sample first for current ones. */
    synchronized Stats stats(String provider) {
        Sample newest = samples.peekLast();
        Sample oldest = samples.peekFirst();
        Instant last = lastSuccess.get(provider);
        if (newest == null || newest == oldest) {
            return new Stats(Duration.ZERO, 0, 0, 0, Optional.ofNullable(last), Optional.empty());
        }
        Counts to = newest.of(provider);
        Counts from = oldest.of(provider);
        long successes = to.success() - from.success();
        long failures = to.failed() - from.failed();
        long callerErrors = to.callerErrors() - from.callerErrors();
        return new Stats(Duration.between(oldest.at(), newest.at()), successes, failures, callerErrors,
                Optional.ofNullable(last), Latency.of(to.successBuckets(), from.successBuckets()));
    }

    private Map<String, Counts> read() {
        Map<String, Counts> counts = new HashMap<>();
        for (Timer timer : registry.find(TIMER).timers()) {
            String provider = timer.getId().getTag("provider");
            String outcome = timer.getId().getTag("outcome");
            if (provider == null || outcome == null) {
                continue;
            }
            Counts current = counts.getOrDefault(provider, Counts.NONE);
            long count = timer.count();
            counts.put(provider, switch (outcome) {
                case SUCCESS -> current.plusSuccess(count, timer.takeSnapshot().histogramCounts());
                case CALLER_ERROR -> current.plusCallerErrors(count);
                default -> current.plusFailed(count);
            });
        }
        return counts;
    }

    /**
     * One provider over the window.
     *
     * @param span         how long the window actually is: shorter than configured while the worker is young
     * @param failures     attempts that failed for the provider's reasons (5xx, 429, timeouts, credentials...)
     * @param callerErrors attempts the provider refused as the request's fault; not in the error rate
     * @param latency      of successful attempts; empty without any in the window
     */
    record Stats(Duration span, long successes, long failures, long callerErrors, Optional<Instant> lastSuccess,
                 Optional<Latency> latency) {

        /** Failures over successes plus failures; empty without either. */
        Optional<Double> errorRate() {
            long judged = successes + failures;
            return judged == 0 ? Optional.empty() : Optional.of((double) failures / judged);
        }
    }

    /** Percentiles of successful attempts in the window, in milliseconds. */
    record Latency(double p50, double p95, double p99) {

        /**
         * @param to   cumulative bucket counts (upper bound in ms to count of values at or below it) now
         * @param from the same at the window's start
         */
        static Optional<Latency> of(TreeMap<Double, Double> to, TreeMap<Double, Double> from) {
            TreeMap<Double, Double> delta = new TreeMap<>();
            to.forEach((bound, count) -> delta.put(bound, count - from.getOrDefault(bound, 0.0)));
            double total = delta.isEmpty() ? 0 : delta.lastEntry().getValue();
            if (total <= 0) {
                return Optional.empty();
            }
            return Optional.of(new Latency(quantile(0.50, delta, total), quantile(0.95, delta, total),
                    quantile(0.99, delta, total)));
        }

        private static double quantile(double q, TreeMap<Double, Double> cumulative, double total) {
            double rank = q * total;
            double lowerBound = 0;
            double lowerCount = 0;
            for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
                if (bucket.getValue() >= rank) {
                    double inBucket = bucket.getValue() - lowerCount;
                    double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                    return lowerBound + (bucket.getKey() - lowerBound) * fraction;
                }
                lowerBound = bucket.getKey();
                lowerCount = bucket.getValue();
            }
            return lowerBound;
        }
    }

    private record Sample(Instant at, Map<String, Counts> counts) {

        Counts of(String provider) {
            return counts.getOrDefault(provider, Counts.NONE);
        }
    }

    /** Cumulative counts of one provider over all its models. */
    private record Counts(long success, long failed, long callerErrors, TreeMap<Double, Double> successBuckets) {

        static final Counts NONE = new Counts(0, 0, 0, new TreeMap<>());

        Counts plusSuccess(long count, CountAtBucket[] buckets) {
            TreeMap<Double, Double> merged = new TreeMap<>(successBuckets);
            for (CountAtBucket bucket : buckets) {
                double bound = bucket.bucket(TimeUnit.MILLISECONDS);
                if (Double.isFinite(bound)) {
                    merged.merge(bound, bucket.count(), Double::sum);
                }
            }
            return new Counts(success + count, failed, callerErrors, merged);
        }

        Counts plusFailed(long count) {
            return new Counts(success, failed + count, callerErrors, successBuckets);
        }

        Counts plusCallerErrors(long count) {
            return new Counts(success, failed, callerErrors + count, successBuckets);
        }
    }
}
