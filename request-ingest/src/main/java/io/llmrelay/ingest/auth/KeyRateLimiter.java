package io.llmrelay.ingest.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-key requests-per-minute limit, as a token bucket per key id held by this replica: up to {@code rpm}
 * requests at once, refilled continuously at {@code rpm} per minute.
 *
 * <p><b>Per replica</b>: with N ingest replicas behind a load balancer a key can make up to N × rpm requests a
 * minute. That is the documented trade-off for a check that costs no network round trip; the shared provider limits
 * live in the workers. Buckets are created on a key's first request and live as long as the replica (one small
 * object per key id).
 */
final class KeyRateLimiter {

    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    KeyRateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Takes one token from the key's bucket; returns how long to wait when there is none (zero when taken). */
    Duration acquire(String keyId, int rpm) {
        long now = nanos();
        return buckets.computeIfAbsent(keyId, id -> new Bucket(rpm, now)).acquire(rpm, now);
    }

    private long nanos() {
        Instant instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Tokens scaled by {@link #NANOS_PER_MINUTE}, so refill stays exact in integer arithmetic. */
    private static final class Bucket {

        private long scaledTokens;
        private long lastNanos;

        Bucket(int rpm, long now) {
            this.scaledTokens = rpm * NANOS_PER_MINUTE;
            this.lastNanos = now;
        }

        synchronized Duration acquire(int rpm, long now) {
            long capacity = rpm * NANOS_PER_MINUTE;
            long elapsed = Math.max(0, now - lastNanos);
            lastNanos = Math.max(lastNanos, now);
            // elapsed × rpm: refill of rpm tokens per minute in scaled units; saturate instead of overflowing
            long refill = elapsed > capacity / Math.max(1, rpm) ? capacity : elapsed * rpm;
            scaledTokens = Math.min(capacity, scaledTokens + refill);
            if (scaledTokens >= NANOS_PER_MINUTE) {
                scaledTokens -= NANOS_PER_MINUTE;
                return Duration.ZERO;
            }
            long missing = NANOS_PER_MINUTE - scaledTokens;
            return Duration.ofNanos((missing + rpm - 1) / rpm);
        }
    }
}
