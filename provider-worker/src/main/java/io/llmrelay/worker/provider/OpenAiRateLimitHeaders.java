package io.llmrelay.worker.provider;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link RateLimitHints} from the headers OpenAI and Azure OpenAI send on every answer:
 * {@code x-ratelimit-remaining-requests}/{@code -tokens}, {@code x-ratelimit-reset-requests}/{@code -tokens}
 * (Go durations such as {@code 6m0s}; Azure leaves them out) and {@code retry-after-ms}/{@code retry-after}.
 * OpenAI-compatible servers send some, all or none of them; missing or unparsable values are left empty.
 */
public final class OpenAiRateLimitHeaders {

    private OpenAiRateLimitHeaders() {
    }

    public static RateLimitHints parse(HttpHeaders headers, Instant now) {
        Optional<Duration> retryAfter = headers.firstValue("retry-after-ms").isPresent()
                || headers.firstValue("retry-after").isPresent()
                ? RetryAfterHeaders.parse(headers, now) : Optional.empty();
        return new RateLimitHints(count(headers, "x-ratelimit-remaining-requests"),
                count(headers, "x-ratelimit-remaining-tokens"),
                headers.firstValue("x-ratelimit-reset-requests").flatMap(RetryAfterHeaders::goDuration),
                headers.firstValue("x-ratelimit-reset-tokens").flatMap(RetryAfterHeaders::goDuration),
                retryAfter);
    }

    /** A non-negative whole number, else empty. */
    public static OptionalLong count(HttpHeaders headers, String name) {
        Optional<String> value = headers.firstValue(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long count = Long.parseLong(value.get().strip());
            return count < 0 ? OptionalLong.empty() : OptionalLong.of(count);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
