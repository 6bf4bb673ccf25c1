package io.llmrelay.worker.breaker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.llmrelay.schemas.BreakerState;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.ProviderFailure;
import io.llmrelay.worker.provider.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per {@link Target}, so that a target that keeps failing (5xx, timeouts, no connection) is left
 * alone for a while instead of costing every request a full timeout and its retries. Breakers are shared across
 * workers: every transition this worker makes is handed to a publisher ({@code llm.provider.health}), and peers'
 * transitions are {@link #apply applied} here without being published again.
 *
 * <p>Use: {@link #tryAcquire} before a call (false: the target is open, do not call it), then exactly one of
 * {@link #record} with the attempt's result or {@link #release} when the call did not happen after all.
 *
 * <p>Rules: {@link BreakerSettings#failureThreshold()} consecutive counted failures ({@link CountedFailures}) open
 * the breaker; after {@link BreakerSettings#waitOpen()} the next caller finds it half-open and is let through as a
 * probe ({@link BreakerSettings#halfOpenCalls()} of them); all probes succeeding close it, any counted failure opens
 * it again. A peer's OPEN opens this worker's breaker (again) until the peer's {@code since} plus {@code waitOpen}; a
 * peer's CLOSED closes an open or half-open one; a peer's HALF_OPEN changes nothing. A record not newer than the
 * target's last transition known here (this worker's own or an applied one) is ignored.
 */
public final class ProviderBreakers {

    private static final Logger log = LoggerFactory.getLogger(ProviderBreakers.class);

    /** The peer record being applied on this thread: its transitions are taken as the peer's, not published. */
    private static final ThreadLocal<BreakerStatus> APPLYING = new ThreadLocal<>();
    /** The failure being recorded on this thread, to say why a breaker opened. */
    private static final ThreadLocal<ProviderFailure> RECORDING = new ThreadLocal<>();

    private final BreakerSettings settings;
    private final String instanceId;
    private final Clock clock;
    private final BreakerMetrics metrics;
    private final Consumer<BreakerStatus> publisher;
    private final CircuitBreakerConfig config;
    private final ConcurrentMap<Target, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param instanceId names this worker in published records ({@code reported_by}); records carrying it are its
     *                   own and not applied
     * @param publisher  receives every local transition; must not block or throw ({@link HealthPublisher} queues)
     */
    public ProviderBreakers(BreakerSettings settings, String instanceId, Clock clock, BreakerMetrics metrics,
                            Consumer<BreakerStatus> publisher) {
        this.settings = settings;
        this.instanceId = instanceId;
        this.clock = clock;
        this.metrics = metrics;
        this.publisher = publisher;
        int threshold = settings.failureThreshold();
        this.config = CircuitBreakerConfig.custom()
                // the last N calls all failed: N consecutive failures
                .slidingWindow(threshold, threshold, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                // slow answers are bounded by the provider's request timeout (a Timeout failure), not judged here
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .waitDurationInOpenState(settings.waitOpen())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                // a probe that is never recorded (a caller that died) must not keep the target half-open for ever
                .maxWaitDurationInHalfOpenState(settings.waitOpen())
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
    }

    /** Whether a call to {@code target} may go out now; false while open. A true must be followed by record/release. */
    public boolean tryAcquire(Target target) {
        return entry(target).breaker.tryAcquirePermission();
    }

    /** Counts the attempt of a call {@link #tryAcquire} allowed: a success, a counted failure or neither. */
    public void record(Target target, AttemptResult result) {
        CircuitBreaker breaker = entry(target).breaker;
        long nanos = result.stats().latency().toNanos();
        switch (result) {
            case AttemptResult.Answered _ -> breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            case AttemptResult.Failed failed when CountedFailures.counts(failed.failure()) ->
                    recordFailure(breaker, failed.failure(), nanos);
            case AttemptResult.Failed _ -> breaker.releasePermission();
        }
    }

    /** Gives back a permission {@link #tryAcquire} granted for a call that was not made. */
    public void release(Target target) {
        entry(target).breaker.releasePermission();
    }

    /** Every target this worker has called or heard of, by provider and model. */
    public List<BreakerStatus> states() {
        return entries.values().stream().map(entry -> entry.status)
                .sorted(Comparator.comparing((BreakerStatus status) -> status.target().toString()))
                .toList();
    }

    /** Where one target's breaker stands, since when and why; empty for a target never called nor heard of. */
    public Optional<BreakerStatus> status(Target target) {
        Entry entry = entries.get(target);
        return entry == null ? Optional.empty() : Optional.of(entry.status);
    }

    /** The breaker of one target; a target never seen is closed. */
    public BreakerState state(Target target) {
        Entry entry = entries.get(target);
        return entry == null ? BreakerState.CLOSED : stateOf(entry.breaker.getState());
    }

    /** Applies a peer's published transition; this worker's own records and stale ones change nothing. */
    void apply(ProviderHealth health) {
        if (instanceId.equals(health.getReportedBy())) {
            return;
        }
        Optional<Target> parsed = targetOf(health);
        if (parsed.isEmpty()) {
            log.warn("ignored a breaker record of provider '{}' naming target '{}', not '<provider>/<model>'",
                    health.getProvider(), health.getTarget());
            return;
        }
        Entry entry = entry(parsed.get());
        Instant since = health.getSince();
        Instant current = entry.status.since();
        if (current != null && !since.isAfter(current)) {
            return;
        }
        BreakerStatus peer = new BreakerStatus(entry.target, health.getState(), since, health.getReason(),
                health.getReportedBy());
        APPLYING.set(peer);
        try {
            CircuitBreaker.State state = entry.breaker.getState();
            switch (health.getState()) {
                case OPEN -> {
                    // also when open already: the peer's newer opening (a failed probe) moves the end of the wait
                    entry.breaker.transitionToOpenStateUntil(since.plus(settings.waitOpen()));
                    entry.status = peer;
                }
                case CLOSED -> {
                    if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN) {
                        entry.breaker.transitionToClosedState();
                        entry.status = peer;
                    }
                }
                // a peer probing says nothing about this worker's calls; DISABLED is a peer's configuration
                case HALF_OPEN, DISABLED -> {
                }
            }
        } catch (IllegalStateTransitionException raced) {
            log.debug("breaker of {} moved while applying {}'s {}: {}", entry.target, peer.reportedBy(), peer.state(),
                    raced.getMessage());
        } finally {
            APPLYING.remove();
        }
    }

    private void recordFailure(CircuitBreaker breaker, ProviderFailure failure, long nanos) {
        RECORDING.set(failure);
        try {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new CountedFailure(failure));
            // resilience4j judges half-open probes by failure rate; one failed probe is enough to say "still down"
            if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
                breaker.transitionToOpenState();
            }
        } catch (IllegalStateTransitionException raced) {
            log.debug("breaker {} moved while recording a failure: {}", breaker.getName(), raced.getMessage());
        } finally {
            RECORDING.remove();
        }
    }

    private Entry entry(Target target) {
        return entries.computeIfAbsent(target, this::newEntry);
    }

    private Entry newEntry(Target target) {
        CircuitBreaker breaker = CircuitBreaker.of(target.toString(), config);
        Entry entry = new Entry(target, breaker,
                new BreakerStatus(target, BreakerState.CLOSED, null, "no transition yet", instanceId));
        breaker.getEventPublisher().onStateTransition(event -> transitioned(entry, event));
        metrics.track(target, () -> stateOf(breaker.getState()));
        return entry;
    }

    private void transitioned(Entry entry, CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.StateTransition transition = event.getStateTransition();
        BreakerState to = stateOf(transition.getToState());
        BreakerStatus peer = APPLYING.get();
        if (peer != null && peer.target().equals(entry.target)) {
            // apply() sets the status once the transition is done
            metrics.transitioned(entry.target, to, BreakerMetrics.PEER);
            log.info("circuit breaker of {} {} as reported by {}: {}", entry.target, to, peer.reportedBy(),
                    peer.reason());
            return;
        }
        String reason = reason(transition, RECORDING.get());
        // milliseconds, as published: peers compare their own transitions with this one
        BreakerStatus status = new BreakerStatus(entry.target, to, clock.instant().truncatedTo(ChronoUnit.MILLIS),
                reason, instanceId);
        entry.status = status;
        metrics.transitioned(entry.target, to, BreakerMetrics.LOCAL);
        if (to == BreakerState.OPEN) {
            log.warn("circuit breaker of {} opened: {}; calls to it are refused for {}", entry.target, reason,
                    settings.waitOpen());
        } else {
            log.info("circuit breaker of {} {}: {}", entry.target, to, reason);
        }
        publisher.accept(status);
    }

    private String reason(CircuitBreaker.StateTransition transition, ProviderFailure failure) {
        String cause = failure == null ? null : CountedFailures.describe(failure);
        return switch (transition) {
            case CLOSED_TO_OPEN -> settings.failureThreshold() + " consecutive failures"
                    + (cause == null ? "" : ", the last " + cause);
            case HALF_OPEN_TO_OPEN -> cause == null
                    ? "no probe call finished within " + settings.waitOpen()
                    : "probe call failed: " + cause;
            case OPEN_TO_HALF_OPEN -> "open for " + settings.waitOpen() + "; letting " + settings.halfOpenCalls()
                    + " probe call(s) through";
            case HALF_OPEN_TO_CLOSED -> "probe call(s) succeeded";
            default -> transition.getFromState() + " to " + transition.getToState();
        };
    }

    static BreakerState stateOf(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED, METRICS_ONLY -> BreakerState.CLOSED;
            case OPEN, FORCED_OPEN -> BreakerState.OPEN;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
            case DISABLED -> BreakerState.DISABLED;
        };
    }

    /** {@code target} is {@code <provider>/<model>}; a model may itself contain slashes. */
    static Optional<Target> targetOf(ProviderHealth health) {
        String provider = health.getProvider();
        String target = health.getTarget();
        if (target == null || !target.startsWith(provider + "/") || target.length() == provider.length() + 1) {
            return Optional.empty();
        }
        return Optional.of(new Target(provider, target.substring(provider.length() + 1)));
    }

    private static final class Entry {
        final Target target;
        final CircuitBreaker breaker;
        volatile BreakerStatus status;

        Entry(Target target, CircuitBreaker breaker, BreakerStatus status) {
            this.target = target;
            this.breaker = breaker;
            this.status = status;
        }
    }

    /** What resilience4j records for a counted failure: its code and status only, no stack trace. */
    static final class CountedFailure extends Exception {

        CountedFailure(ProviderFailure failure) {
            super(CountedFailures.describe(failure), null, false, false);
        }
    }
}
