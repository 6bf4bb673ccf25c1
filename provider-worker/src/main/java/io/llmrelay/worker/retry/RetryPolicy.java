package io.llmrelay.worker.retry;

import java.time.Duration;
import java.time.Instant;

import io.llmrelay.worker.provider.ProviderFailure;
import io.llmrelay.worker.provider.ProviderFailure.RateLimited;

/**
 * When to try a provider call again. Non-retryable failures (credentials, caller errors) end at once.
 * Retryable ones are retried up to {@code maxAttempts} counted failures, waiting what the provider asked
 * for (Retry-After) or else exponential backoff with full jitter: a random wait in
 * {@code [0, min(maxDelay, baseDelay * 2^(attempt-1))]}, which spreads the retries of many workers instead
 * of synchronising them. Rate-limited attempts do not count toward {@code maxAttempts}: a limit is
 * back-pressure, not a fault, and such retries are bounded by the deadline alone. No retry is scheduled
 * that would start at or after the request's deadline.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Jitter jitter;

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Jitter jitter) {
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.jitter = jitter;
    }

    /** Retry state of one request. Not thread-safe: a request's attempts run one after another. */
    public Retries forDeadline(Instant deadline) {
        return new Retries(deadline);
    }

    /** The largest backoff before the retry that follows attempt {@code attempt} (1-based). */
    Duration backoffCeiling(int attempt) {
        int doublings = Math.min(attempt - 1, 30);
        long millis = baseDelay.toMillis() << doublings;
        return millis <= 0 || millis > maxDelay.toMillis() ? maxDelay : Duration.ofMillis(millis);
    }

    public final class Retries {

        private final Instant deadline;
        private int attempts;
        private int countedFailures;

        private Retries(Instant deadline) {
            this.deadline = deadline;
        }

        public RetryDecision after(ProviderFailure failure, Instant now) {
            attempts++;
            if (!failure.retryable()) {
                return new RetryDecision.GiveUp("not retried: " + failure.code() + " does not change by retrying");
            }
            if (!(failure instanceof RateLimited)) {
                countedFailures++;
                if (countedFailures >= maxAttempts) {
                    return new RetryDecision.GiveUp("gave up after " + attempts + " attempts");
                }
            }
            Duration delay = failure.retryAfter()
                    .orElseGet(() -> Duration.ofMillis(jitter.pick(backoffCeiling(attempts).toMillis())));
            Duration left = Duration.between(now, deadline);
            if (delay.compareTo(left) >= 0) {
                return new RetryDecision.GiveUp("no retry: waiting " + delay.toMillis()
                        + " ms would pass the deadline (" + Math.max(0, left.toMillis()) + " ms left)");
            }
            return new RetryDecision.Retry(delay);
        }
    }
}
