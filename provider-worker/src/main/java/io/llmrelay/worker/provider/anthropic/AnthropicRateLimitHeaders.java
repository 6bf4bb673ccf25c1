package io.llmrelay.worker.provider.anthropic;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.llmrelay.worker.provider.OpenAiRateLimitHeaders;
import io.llmrelay.worker.provider.RateLimitHints;

/**
 * {@link RateLimitHints} from Anthropic's headers: {@code anthropic-ratelimit-requests-remaining},
 * {@code -tokens-remaining}, {@code -requests-reset} and {@code -tokens-reset} (RFC 3339 instants, turned into
 * the time left from {@code now}), and {@code retry-after} in seconds. Values that do not parse are left out.
 */
final class AnthropicRateLimitHeaders {

    private static final String PREFIX = "anthropic-ratelimit-";

    private AnthropicRateLimitHeaders() {
    }

    static RateLimitHints parse(HttpHeaders headers, Instant now) {
        return new RateLimitHints(OpenAiRateLimitHeaders.count(headers, PREFIX + "requests-remaining"),
                OpenAiRateLimitHeaders.count(headers, PREFIX + "tokens-remaining"),
                reset(headers, PREFIX + "requests-reset", now),
                reset(headers, PREFIX + "tokens-reset", now),
                headers.firstValue("retry-after").flatMap(AnthropicRateLimitHeaders::seconds));
    }

    private static Optional<Duration> reset(HttpHeaders headers, String name, Instant now) {
        try {
            return headers.firstValue(name).map(value -> {
                Duration left = Duration.between(now, OffsetDateTime.parse(value.strip()).toInstant());
                return left.isNegative() ? Duration.ZERO : left;
            });
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whole or fractional seconds, rounded up to the millisecond. */
    private static Optional<Duration> seconds(String value) {
        try {
            BigDecimal seconds = new BigDecimal(value.strip());
            return seconds.signum() < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(
                    seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact()));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
