package io.llmrelay.worker.provider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads how long a provider asks us to wait, in this order of precedence:
 * <ol>
 * <li>{@code retry-after-ms}: milliseconds, possibly fractional (OpenAI);</li>
 * <li>{@code Retry-After}: seconds or an HTTP date (RFC 9110);</li>
 * <li>{@code x-ratelimit-reset-requests} / {@code -tokens} ("1s", "6m0s", "20ms"), for whichever limit's
 * {@code x-ratelimit-remaining-*} is 0; the later one when both are.</li>
 * </ol>
 * Fractions round up to the next millisecond: waiting a hair too long is free, too short earns another 429.
 * Values that do not parse are ignored.
 */
final class RetryAfterHeaders {

    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RetryAfterHeaders() {
    }

    static Optional<Duration> parse(HttpHeaders headers, Instant now) {
        Optional<Duration> milliseconds = headers.firstValue("retry-after-ms").flatMap(v -> decimal(v, 1));
        if (milliseconds.isPresent()) {
            return milliseconds;
        }
        Optional<Duration> retryAfter = headers.firstValue("retry-after").flatMap(v -> retryAfter(v, now));
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        return Stream.of("requests", "tokens")
                .filter(limit -> headers.firstValue("x-ratelimit-remaining-" + limit).map("0"::equals).orElse(false))
                .flatMap(limit -> headers.firstValue("x-ratelimit-reset-" + limit)
                        .flatMap(RetryAfterHeaders::goDuration).stream())
                .max(Duration::compareTo);
    }

    private static Optional<Duration> retryAfter(String value, Instant now) {
        Optional<Duration> seconds = decimal(value, 1_000);
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A non-negative decimal number of units of {@code millisPerUnit}, rounded up to whole milliseconds. */
    private static Optional<Duration> decimal(String value, long millisPerUnit) {
        try {
            BigDecimal number = new BigDecimal(value.strip());
            if (number.signum() < 0) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(toMillis(number, millisPerUnit)));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Go's duration format as OpenAI sends it, e.g. {@code 6m0s}, {@code 1.5s}, {@code 20ms}. */
    static Optional<Duration> goDuration(String value) {
        Matcher part = GO_DURATION_PART.matcher(value.strip());
        long millis = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            long unit = switch (part.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1_000;
                default -> 1;
            };
            millis += toMillis(new BigDecimal(part.group(1)), unit);
            end = part.end();
        }
        return end > 0 && end == value.strip().length() ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
    }

    private static long toMillis(BigDecimal units, long millisPerUnit) {
        return units.multiply(BigDecimal.valueOf(millisPerUnit)).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
