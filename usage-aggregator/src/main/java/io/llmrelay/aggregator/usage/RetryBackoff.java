package io.llmrelay.aggregator.usage;

import java.time.Duration;

/**
 * Capped exponential back-off between attempts to store the same batch: the initial delay, then
 * doubling up to the cap, back to the initial delay after a success. No jitter: each replica
 * retries one batch over one connection, so there is no crowd to spread out.
 */
public final class RetryBackoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    public RetryBackoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got initial " + initial + ", max " + max);
        }
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The delay before the next attempt; each call after a failure doubles it, up to the cap. */
    Duration next() {
        Duration delay = next;
        next = delay.compareTo(max.dividedBy(2)) > 0 ? max : delay.multipliedBy(2);
        return delay;
    }

    void reset() {
        next = initial;
    }

    Duration max() {
        return max;
    }
}
