package io.llmrelay.worker.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.provider.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the calls of all workers to a target within its requests and tokens per period ({@link RateLimitSettings}),
 * and within what the provider itself said ({@link ProviderHolds}). A call waits for its turn rather than being
 * refused, as long as its turn comes before the request's deadline.
 *
 * <p>Use: {@link #acquire} before a call; if granted, {@link #settle} with the usage the provider reported once the
 * call is done, or {@link #release} if the call was not made after all. Tokens are reserved up front (prompt estimate
 * plus {@code max_tokens}, {@link TokenEstimator}) and corrected when settled.
 *
 * <p>Each decision is one short transaction per limit kind in the database (requests, then tokens); waiting happens
 * in this worker, sleeping until the bucket that refused has refilled. If the database fails, the call is let through
 * unlimited (counted in {@code relay.ratelimit.backend.errors}, logged at most every 30 s): the provider's own limits
 * and 429 handling still apply, where refusing everything would stop the relay.
 */
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    /** Spreads the wake-ups of calls waiting for the same refill. */
    private static final long MAX_JITTER_NANOS = Duration.ofMillis(20).toNanos();
    private static final long BACKEND_WARN_INTERVAL_NANOS = Duration.ofSeconds(30).toNanos();

    private final RateLimitSettings settings;
    private final BucketStore store;
    private final TokenEstimator estimator;
    private final ProviderHolds holds;
    private final RateLimitMetrics metrics;
    private final Clock clock;
    private final ConcurrentMap<Target, TargetBuckets> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastBackendWarning = new AtomicLong(System.nanoTime() - BACKEND_WARN_INTERVAL_NANOS);

    RateLimiter(RateLimitSettings settings, BucketStore store, TokenEstimator estimator, ProviderHolds holds,
                RateLimitMetrics metrics, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.estimator = estimator;
        this.holds = holds;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Waits until a call of {@code request} to {@code target} fits the limits, and reserves it.
     *
     * @param deadline a wait that would end after it is not started: the result is refused at once, holding nothing
     * @throws InterruptedException while waiting; nothing is held then
     */
    public Reservation acquire(Target target, CompletionRequest request, Instant deadline) throws InterruptedException {
        long started = System.nanoTime();
        TargetBuckets limited = settings.limitOf(target)
                .map(limit -> buckets.computeIfAbsent(target, t -> TargetBuckets.of(t, limit, store)))
                .orElse(null);
        long wanted = estimator.reserve(target.model(), request);
        long tokens = limited == null ? 0 : limited.tokensToTake(wanted);
        while (true) {
            Instant now = clock.instant();
            Optional<Instant> held = holds.heldUntil(target, wanted, now);
            Duration wait;
            if (held.isPresent()) {
                wait = Duration.between(now, held.get());
            } else if (limited == null) {
                return granted(target, 0, started, null);
            } else {
                Optional<Duration> refill = take(target, limited, tokens);
                if (refill.isEmpty()) {
                    return granted(target, 0, started, null);
                }
                wait = refill.get();
                if (wait.isZero()) {
                    return granted(target, tokens, started, limited);
                }
            }
            if (now.plus(wait).isAfter(deadline)) {
                Duration waited = Duration.ofNanos(System.nanoTime() - started);
                metrics.refused(target.provider(), waited);
                return Reservation.refused(target, waited);
            }
            Thread.sleep(wait.plusNanos(ThreadLocalRandom.current().nextLong(MAX_JITTER_NANOS)));
        }
    }

    /**
     * Corrects a granted reservation to the tokens the provider reported: the unused rest goes back to the target's
     * allowance, an excess is taken from it without waiting. Without a reported usage (a failed call) the reservation
     * stands. Settling twice, or after {@link #release}, does nothing.
     */
    public void settle(Reservation reservation, TokenUsage actual) {
        TargetBuckets limited = reservation.buckets();
        if (!reservation.finish() || limited == null || actual == null) {
            return;
        }
        long used = (long) actual.getPromptTokens() + actual.getCompletionTokens();
        try {
            limited.settle(reservation.reservedTokens(), used);
        } catch (RuntimeException e) {
            backendFailed(reservation.target(), "settling a reservation", e);
        }
    }

    /** Gives back everything a granted reservation holds: the call was not made. */
    public void release(Reservation reservation) {
        TargetBuckets limited = reservation.buckets();
        if (!reservation.finish() || limited == null) {
            return;
        }
        try {
            limited.giveBack(reservation.reservedTokens());
        } catch (RuntimeException e) {
            backendFailed(reservation.target(), "releasing a reservation", e);
        }
    }

    /** Zero when taken, a wait when not, empty when the store failed (the call then goes out unlimited). */
    private Optional<Duration> take(Target target, TargetBuckets limited, long tokens) {
        try {
            return Optional.of(limited.tryTake(tokens));
        } catch (RuntimeException e) {
            backendFailed(target, "deciding a call", e);
            return Optional.empty();
        }
    }

    private Reservation granted(Target target, long tokens, long started, TargetBuckets limited) {
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        metrics.granted(target.provider(), waited);
        return Reservation.granted(target, tokens, waited, limited);
    }

    private void backendFailed(Target target, String doing, RuntimeException e) {
        metrics.backendFailed(target.provider());
        long now = System.nanoTime();
        long last = lastBackendWarning.get();
        if (now - last >= BACKEND_WARN_INTERVAL_NANOS && lastBackendWarning.compareAndSet(last, now)) {
            log.warn("rate-limit store failed {} for {}; calls go out without the configured limits until it works"
                    + " again (relay_ratelimit_backend_errors_total counts them): {}", doing, target, e.toString());
        }
    }
}
