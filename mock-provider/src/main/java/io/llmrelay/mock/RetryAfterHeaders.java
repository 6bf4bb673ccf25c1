package io.llmrelay.mock;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers OpenAI sends with a 429. Clients differ in which one they read: the standard
 * {@code Retry-After} has whole seconds only (rounded up here, so a client honouring it never
 * retries early), {@code retry-after-ms} is exact, and {@code x-ratelimit-reset-requests} uses
 * Go's duration format ("250ms", "1.5s", "1m30s", "1h0m0s").
 */
final class RetryAfterHeaders {

    private RetryAfterHeaders() {
    }

    static Map<String, String> of(Duration retryAfter) {
        long millis = retryAfter.toMillis();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Retry-After", Long.toString((millis + 999) / 1000));
        headers.put("retry-after-ms", Long.toString(millis));
        headers.put("x-ratelimit-remaining-requests", "0");
        headers.put("x-ratelimit-reset-requests", goDuration(millis));
        return headers;
    }

    static String goDuration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis % 3_600_000 / 60_000;
        long secondMillis = millis % 60_000;
        String seconds = Long.toString(secondMillis / 1000);
        if (secondMillis % 1000 != 0) {
            seconds += "." + String.format("%03d", secondMillis % 1000).replaceAll("0+$", "");
        }
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds + "s";
        }
        return (minutes > 0 ? minutes + "m" : "") + seconds + "s";
    }
}
