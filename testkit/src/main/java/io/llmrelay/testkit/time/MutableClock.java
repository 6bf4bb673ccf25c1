package io.llmrelay.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock a test moves by hand, so that expiry, windows and periods are tested without waiting. Safe to read from
 * other threads while the test moves it.
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /** At 2026-11-26T12:00:00Z. */
    public MutableClock() {
        this(Instant.parse("2026-11-26T12:00:00Z"));
    }

    public MutableClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
