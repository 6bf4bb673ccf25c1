package io.llmrelay.worker.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What a request parked on {@code llm.requests.retry} carries besides its own bytes, as record headers: how often it
 * was parked, how many provider attempts it has had (so later attempts keep counting up in usage events), and the
 * earliest time to try it again. A record without these headers (straight from {@code llm.requests}) has been parked
 * 0 times and had 0 attempts.
 *
 * @param requestId for log lines only; not a header
 * @param parks     times parked, this one included
 * @param attempts  provider attempts made before this park, all parks included
 * @param notBefore when to try again
 * @param reason    why no provider answered; safe to log (provider messages carry no credentials)
 */
public record ParkedRequest(String requestId, int parks, int attempts, Instant notBefore, String reason) {

    public static final String PARKS = "relay.retry.parks";
    public static final String ATTEMPTS = "relay.retry.attempts";
    public static final String NOT_BEFORE = "relay.retry.not-before";
    public static final String REASON = "relay.retry.reason";
    private static final int MAX_REASON_CHARS = 500;

    /** How often a record read from Kafka was parked before, and how many attempts it had: zeros when never. */
    public record History(int parks, int attempts, Optional<Instant> notBefore) {

        public static final History NONE = new History(0, 0, Optional.empty());

        /** Reads the headers; a missing or unreadable header counts as 0 (a hand-made record must not fail). */
        public static History of(Headers headers) {
            int parks = intHeader(headers, PARKS);
            int attempts = intHeader(headers, ATTEMPTS);
            Optional<Instant> notBefore = longHeader(headers, NOT_BEFORE).map(Instant::ofEpochMilli);
            return new History(parks, attempts, notBefore);
        }
    }

    void writeTo(Headers headers) {
        headers.remove(PARKS).remove(ATTEMPTS).remove(NOT_BEFORE).remove(REASON);
        headers.add(PARKS, bytes(Integer.toString(parks)));
        headers.add(ATTEMPTS, bytes(Integer.toString(attempts)));
        headers.add(NOT_BEFORE, bytes(Long.toString(notBefore.toEpochMilli())));
        String shortened = reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "…";
        headers.add(REASON, bytes(shortened));
    }

    private static int intHeader(Headers headers, String name) {
        return longHeader(headers, name).filter(v -> v >= 0 && v <= Integer.MAX_VALUE).map(Long::intValue).orElse(0);
    }

    private static Optional<Long> longHeader(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(new String(header.value(), StandardCharsets.UTF_8).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
