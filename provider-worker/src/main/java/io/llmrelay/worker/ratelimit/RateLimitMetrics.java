package io.llmrelay.worker.ratelimit;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The limiter as meters, by provider only (a configured id): {@code relay.ratelimit.waits} (how long calls waited for
 * the configured limits and the provider's holds, by {@code outcome} granted or refused), {@code
 * relay.ratelimit.refusals} (calls refused because the wait would have passed their deadline) and {@code
 * relay.ratelimit.backend.errors} (decisions the database could not make; those calls went out unlimited). Separate
 * from {@code relay.provider.rate.limit.waits}, which times the waits after a 429 before a retry.
 */
final class RateLimitMetrics {

    static final String GRANTED = "granted";
    static final String REFUSED = "refused";

    private final MeterRegistry registry;

    RateLimitMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void granted(String provider, Duration waited) {
        waits(provider, GRANTED).record(waited);
    }

    void refused(String provider, Duration waited) {
        waits(provider, REFUSED).record(waited);
        Counter.builder("relay.ratelimit.refusals")
                .description("Calls not made because the rate-limit wait would have passed the request's deadline")
                .tag("provider", provider)
                .register(registry).increment();
    }

    void backendFailed(String provider) {
        Counter.builder("relay.ratelimit.backend.errors")
                .description("Rate-limit decisions the bucket store failed to make; the call went out unlimited")
                .tag("provider", provider)
                .register(registry).increment();
    }

    private Timer waits(String provider, String outcome) {
        return Timer.builder("relay.ratelimit.waits")
                .description("Time calls waited for the configured rate limits and the provider's own holds")
                .tags("provider", provider, "outcome", outcome)
                .register(registry);
    }
}
