package io.llmrelay.mock;

import java.time.Duration;
import java.util.Objects;

/**
 * How the mock answers requests that carry no {@code [mock:...]} directive.
 *
 * <p>The three rates are fractions of requests and are drawn from one random number per request,
 * so they are mutually exclusive and must add up to at most 1: with {@code errorRate=0.2} and
 * {@code rateLimitRate=0.1}, 20% answer 500, 10% answer 429 and the remaining 70% succeed.
 *
 * @param latency        how long to wait before answering (any outcome past authentication and
 *                       body validation); zero or positive
 * @param errorRate      fraction answered with 500 {@code server_error}, 0..1
 * @param rateLimitRate  fraction answered with 429 {@code rate_limit_exceeded}, 0..1
 * @param retryAfter     what a 429 tells the caller to wait; zero or positive
 * @param malformedRate  fraction answered with 200 and a body that is not valid JSON, 0..1
 * @param requiredApiKey the only bearer token accepted, or {@code null} to accept any
 */
public record MockBehaviour(Duration latency, double errorRate, double rateLimitRate, Duration retryAfter,
                            double malformedRate, String requiredApiKey) {

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    public MockBehaviour {
        requireNonNegative("latency", latency);
        requireNonNegative("retryAfter", retryAfter);
        requireFraction("errorRate", errorRate);
        requireFraction("rateLimitRate", rateLimitRate);
        requireFraction("malformedRate", malformedRate);
        double total = errorRate + rateLimitRate + malformedRate;
        // a small tolerance so that e.g. 0.7 + 0.2 + 0.1 is not rejected for binary rounding
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("errorRate + rateLimitRate + malformedRate must be at most 1, but "
                    + errorRate + " + " + rateLimitRate + " + " + malformedRate + " = " + total);
        }
        if (requiredApiKey != null && requiredApiKey.isBlank()) {
            throw new IllegalArgumentException("requiredApiKey must be null (accept any key) or non-blank");
        }
    }

    /** Answers every request at once and successfully, and accepts any bearer token. */
    public static MockBehaviour healthy() {
        return new MockBehaviour(Duration.ZERO, 0, 0, DEFAULT_RETRY_AFTER, 0, null);
    }

    public MockBehaviour withLatency(Duration d) {
        return new MockBehaviour(d, errorRate, rateLimitRate, retryAfter, malformedRate, requiredApiKey);
    }

    public MockBehaviour withErrorRate(double rate) {
        return new MockBehaviour(latency, rate, rateLimitRate, retryAfter, malformedRate, requiredApiKey);
    }

    public MockBehaviour withRateLimitRate(double rate) {
        return new MockBehaviour(latency, errorRate, rate, retryAfter, malformedRate, requiredApiKey);
    }

    public MockBehaviour withRetryAfter(Duration d) {
        return new MockBehaviour(latency, errorRate, rateLimitRate, d, malformedRate, requiredApiKey);
    }

    public MockBehaviour withMalformedRate(double rate) {
        return new MockBehaviour(latency, errorRate, rateLimitRate, retryAfter, rate, requiredApiKey);
    }

    public MockBehaviour withRequiredApiKey(String key) {
        return new MockBehaviour(latency, errorRate, rateLimitRate, retryAfter, malformedRate, key);
    }

    /** Masks the required key: behaviours get logged, keys must not. */
    @Override
    public String toString() {
        return "MockBehaviour[latency=" + latency + ", errorRate=" + errorRate + ", rateLimitRate=" + rateLimitRate
                + ", retryAfter=" + retryAfter + ", malformedRate=" + malformedRate
                + ", requiredApiKey=" + (requiredApiKey == null ? "any" : "<set>") + "]";
    }

    private static void requireNonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, but was " + value);
        }
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, but was " + value);
        }
    }
}
