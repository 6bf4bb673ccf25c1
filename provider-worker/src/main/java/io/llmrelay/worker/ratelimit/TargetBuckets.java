package io.llmrelay.worker.ratelimit;

import java.time.Duration;
import java.time.Instant;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.llmrelay.worker.provider.Target;

/**
 * The two buckets of one limited target: requests and tokens per period, each refilled whole at the end of its
 * window, so no window ever grants more than the limit. Windows are aligned to the epoch (a one-minute period starts
 * on every wall-clock minute, as providers that reset per minute count), and every replica computes the same ones. The bucket keys carry the limit
 * itself, so a changed limit starts new buckets instead of reading old state with a new meaning.
 */
final class TargetBuckets {

    private final Bucket requests;
    private final Bucket tokens;
    private final long tokenCapacity;

    private TargetBuckets(Bucket requests, Bucket tokens, long tokenCapacity) {
        this.requests = requests;
        this.tokens = tokens;
        this.tokenCapacity = tokenCapacity;
    }

    static TargetBuckets of(Target target, RateLimitSettings.Limit limit, BucketStore store) {
        Bucket requests = limit.rpm() == null ? null
                : store.bucket(key(target, "requests", limit.rpm(), limit.period()), window(limit.rpm(), limit.period()));
        Bucket tokens = limit.tpm() == null ? null
                : store.bucket(key(target, "tokens", limit.tpm(), limit.period()), window(limit.tpm(), limit.period()));
        return new TargetBuckets(requests, tokens, limit.tpm() == null ? 0 : limit.tpm());
    }

    private static String key(Target target, String kind, long amount, Duration period) {
        return target + "|" + kind + "|" + amount + "/" + period.toMillis() + "ms";
    }

    private static BucketConfiguration window(long amount, Duration period) {
        long periodMillis = period.toMillis();
        Instant nextWindow = Instant.ofEpochMilli((System.currentTimeMillis() / periodMillis + 1) * periodMillis);
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(amount).refillIntervallyAligned(amount, period, nextWindow))
                .build();
    }

    /** What a request of {@code wanted} tokens may take at most: a bigger one could never fit in a window. */
    long tokensToTake(long wanted) {
        return tokens == null ? 0 : Math.min(wanted, tokenCapacity);
    }

    /**
     * Takes one request and {@code tokenCount} tokens, or nothing.
     *
     * @return zero when taken, else how long until the bucket that refused has refilled enough
     */
    Duration tryTake(long tokenCount) {
        if (requests != null) {
            ConsumptionProbe probe = requests.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                return Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
            }
        }
        if (tokens != null && tokenCount > 0) {
            ConsumptionProbe probe = tokens.tryConsumeAndReturnRemaining(tokenCount);
            if (!probe.isConsumed()) {
                if (requests != null) {
                    requests.addTokens(1);
                }
                return Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
            }
        }
        return Duration.ZERO;
    }

    /** Corrects the tokens taken to what was used: gives back the rest, or takes the excess without waiting. */
    void settle(long taken, long used) {
        if (tokens == null || used == taken) {
            return;
        }
        if (used < taken) {
            tokens.addTokens(taken - used);
        } else {
            tokens.consumeIgnoringRateLimits(used - taken);
        }
    }

    /** Gives back the request and the tokens of a call that was not made. */
    void giveBack(long taken) {
        if (requests != null) {
            requests.addTokens(1);
        }
        if (tokens != null && taken > 0) {
            tokens.addTokens(taken);
        }
    }
}
