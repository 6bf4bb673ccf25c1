package io.llmrelay.mock;

import java.time.Clock;
import java.time.Duration;

/**
 * A provider's requests-per-window limit: at most {@code limit} chat requests in each window of {@code length},
 * windows aligned to the epoch (a one-minute window starts on every wall-clock minute). Requests over it are answered
 * 429 with a Retry-After until the next window. Counts what it admitted per window, so a test can check that a
 * client stayed within the limit.
 */
final class RequestWindow {

    private final int limit;
    private final long lengthMillis;
    private final Clock clock;
    private long window = Long.MIN_VALUE;
    private int admittedInWindow;
    private int peak;
    private long refused;

    RequestWindow(int limit, Duration length, Clock clock) {
        if (limit < 1 || length.toMillis() < 1) {
            throw new IllegalArgumentException("a request window needs a limit >= 1 and a length >= 1 ms");
        }
        this.limit = limit;
        this.lengthMillis = length.toMillis();
        this.clock = clock;
    }

    /** Admits a request, or says how long until the next window. */
    synchronized Duration admit() {
        long now = clock.millis();
        long current = now / lengthMillis;
        if (current != window) {
            window = current;
            admittedInWindow = 0;
        }
        if (admittedInWindow >= limit) {
            refused++;
            return Duration.ofMillis((current + 1) * lengthMillis - now);
        }
        admittedInWindow++;
        peak = Math.max(peak, admittedInWindow);
        return Duration.ZERO;
    }

    /** The most requests admitted in one window so far. */
    synchronized int peak() {
        return peak;
    }

    /** Requests refused for being over the limit. */
    synchronized long refused() {
        return refused;
    }
}
