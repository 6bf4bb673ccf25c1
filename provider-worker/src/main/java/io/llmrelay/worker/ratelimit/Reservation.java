package io.llmrelay.worker.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmrelay.worker.provider.Target;

/**
 * What {@link RateLimiter#acquire} decided for one call: granted, holding one request and {@link #reservedTokens()}
 * tokens of the target's shared allowance until {@link RateLimiter#settle settled} or {@link RateLimiter#release
 * released}; or refused, holding nothing, because the wait would have passed the request's deadline.
 */
public final class Reservation {

    private final Target target;
    private final boolean granted;
    private final long reservedTokens;
    private final Duration waited;
    private final TargetBuckets buckets;
    private final AtomicBoolean open;

    private Reservation(Target target, boolean granted, long reservedTokens, Duration waited, TargetBuckets buckets) {
        this.target = target;
        this.granted = granted;
        this.reservedTokens = reservedTokens;
        this.waited = waited;
        this.buckets = buckets;
        this.open = new AtomicBoolean(granted);
    }

    static Reservation granted(Target target, long reservedTokens, Duration waited, TargetBuckets buckets) {
        return new Reservation(target, true, reservedTokens, waited, buckets);
    }

    static Reservation refused(Target target, Duration waited) {
        return new Reservation(target, false, 0, waited, null);
    }

    public Target target() {
        return target;
    }

    /** False: do not call the target; nothing is held. */
    public boolean granted() {
        return granted;
    }

    /** Tokens taken from the target's token allowance; 0 when it has none. */
    public long reservedTokens() {
        return reservedTokens;
    }

    /** How long {@code acquire} waited before deciding. */
    public Duration waited() {
        return waited;
    }

    /** The buckets to settle against; null when refused or when the target has no limit. */
    TargetBuckets buckets() {
        return buckets;
    }

    /** True exactly once for a granted reservation: settling or releasing twice must not give back twice. */
    boolean finish() {
        return open.compareAndSet(true, false);
    }

    @Override
    public String toString() {
        return "Reservation[" + target + (granted ? ", granted, " + reservedTokens + " tokens" : ", refused")
                + ", waited " + waited + "]";
    }
}
