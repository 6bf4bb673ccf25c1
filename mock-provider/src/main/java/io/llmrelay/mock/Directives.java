package io.llmrelay.mock;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-request overrides written into the last user message, so that a test driving the whole
 * pipeline gets a deterministic provider answer without reaching for the mock's API:
 * {@code [mock:latency=1500]} (milliseconds), {@code [mock:status=429]} (200, or any 4xx/5xx),
 * {@code [mock:malformed]}, {@code [mock:retry-after=2000]} (milliseconds, for a 429) and
 * {@code [mock:content-filter]} (a 400 {@code content_filter}, as Azure OpenAI's filter answers). They
 * combine: {@code [mock:latency=500][mock:status=500]} waits, then fails.
 *
 * <p>An unknown or invalid directive is answered with 400 rather than ignored, so a typo in a test
 * fails loudly instead of silently testing the happy path.
 */
record Directives(Optional<Duration> latency, OptionalInt status, boolean malformed, Optional<Duration> retryAfter,
                  boolean contentFilter) {

    static final Directives NONE = new Directives(Optional.empty(), OptionalInt.empty(), false, Optional.empty(),
            false);

    private static final Pattern DIRECTIVE = Pattern.compile("\\[mock:([a-z-]+)(?:=([^\\]]*))?]");
    // up to 18 digits always fits a long, so parsing cannot overflow
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    static Directives parse(String text) throws RejectedRequest {
        Directives directives = NONE;
        Matcher matcher = DIRECTIVE.matcher(text);
        while (matcher.find()) {
            directives = directives.with(matcher.group(0), matcher.group(1), matcher.group(2));
        }
        if (directives.contentFilter && (directives.malformed || directives.status.isPresent())) {
            throw invalid("[mock:content-filter] answers 400 and cannot be combined with [mock:malformed] or"
                    + " [mock:status=...]");
        }
        if (directives.malformed && directives.status.isPresent() && directives.status.getAsInt() != 200) {
            throw invalid("[mock:malformed] answers 200 with a broken body and cannot be combined with [mock:status="
                    + directives.status.getAsInt() + "]");
        }
        return directives;
    }

    private Directives with(String directive, String name, String value) throws RejectedRequest {
        return switch (name) {
            case "latency" -> new Directives(Optional.of(millis(directive, value)), status, malformed, retryAfter,
                    contentFilter);
            case "retry-after" -> new Directives(latency, status, malformed, Optional.of(millis(directive, value)),
                    contentFilter);
            case "status" -> new Directives(latency, OptionalInt.of(status(directive, value)), malformed, retryAfter,
                    contentFilter);
            case "malformed" -> new Directives(latency, status, noValue(directive, value), retryAfter, contentFilter);
            case "content-filter" -> new Directives(latency, status, malformed, retryAfter,
                    noValue(directive, value));
            default -> throw invalid("unknown mock directive " + directive
                    + "; known: latency=MS, status=CODE, malformed, retry-after=MS, content-filter");
        };
    }

    private static boolean noValue(String directive, String value) throws RejectedRequest {
        if (value != null) {
            throw invalid(directive + " takes no value");
        }
        return true;
    }

    private static Duration millis(String directive, String value) throws RejectedRequest {
        if (value == null || !DIGITS.matcher(value).matches()) {
            throw invalid(directive + " needs a whole number of milliseconds, zero or more");
        }
        return Duration.ofMillis(Long.parseLong(value));
    }

    private static int status(String directive, String value) throws RejectedRequest {
        int status = value != null && DIGITS.matcher(value).matches() && value.length() <= 3 ? Integer.parseInt(value) : -1;
        if (status != 200 && (status < 400 || status > 599)) {
            throw invalid(directive + " needs 200 or an HTTP error status from 400 to 599");
        }
        return status;
    }

    private static RejectedRequest invalid(String message) {
        return new RejectedRequest(OpenAiError.invalidRequest(message, "messages", "invalid_mock_directive"));
    }
}
