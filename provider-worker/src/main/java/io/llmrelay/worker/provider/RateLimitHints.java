package io.llmrelay.worker.provider;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a provider's answer said about its own rate limits, in one shape for every provider: OpenAI's
 * {@code x-ratelimit-remaining-requests}/{@code -tokens} and {@code x-ratelimit-reset-*}, Anthropic's
 * {@code anthropic-ratelimit-*}, and {@code Retry-After}/{@code retry-after-ms} on any. Each adapter parses its own
 * headers into this; the rate limiter slows down on it before the provider refuses again.
 *
 * @param remainingRequests requests left in the provider's current window
 * @param remainingTokens   tokens left in the provider's current window
 * @param requestsReset     until the request window resets, from when the answer arrived
 * @param tokensReset       until the token window resets, from when the answer arrived
 * @param retryAfter        how long the provider asked callers to wait (a 429 or 503 usually)
 */
public record RateLimitHints(OptionalLong remainingRequests, OptionalLong remainingTokens,
                             Optional<Duration> requestsReset, Optional<Duration> tokensReset,
                             Optional<Duration> retryAfter) {

    public static final RateLimitHints NONE = new RateLimitHints(OptionalLong.empty(), OptionalLong.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public boolean isEmpty() {
        return equals(NONE);
    }
}
