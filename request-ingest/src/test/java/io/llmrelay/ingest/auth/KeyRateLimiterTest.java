package io.llmrelay.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrelay.testkit.time.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class KeyRateLimiterTest {

    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void allowsAFullMinuteOfRequestsAtOnceThenOneEveryMinuteOverRpm() {
        KeyRateLimiter limiter = new KeyRateLimiter(Clock.fixed(START, ZoneOffset.UTC));

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k", 3)).as("request %d", i + 1).isZero();
        }

        assertThat(limiter.acquire("k", 3)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void refillsContinuouslyAtRpmPerMinute() {
        MutableClock clock = new MutableClock(START);
        KeyRateLimiter limiter = new KeyRateLimiter(clock);
        limiter.acquire("k", 60);
        for (int i = 1; i < 60; i++) {
            limiter.acquire("k", 60);
        }
        assertThat(limiter.acquire("k", 60)).isEqualTo(Duration.ofSeconds(1));

        clock.set(START.plusMillis(999));
        assertThat(limiter.acquire("k", 60)).isEqualTo(Duration.ofMillis(1));
        clock.set(START.plusSeconds(1));
        assertThat(limiter.acquire("k", 60)).isZero();
        assertThat(limiter.acquire("k", 60)).isPositive();
    }

    @Test
    void keepsOneBucketPerKey() {
        KeyRateLimiter limiter = new KeyRateLimiter(Clock.fixed(START, ZoneOffset.UTC));

        assertThat(limiter.acquire("a", 1)).isZero();
        assertThat(limiter.acquire("a", 1)).isPositive();
        assertThat(limiter.acquire("b", 1)).isZero();
    }

    @Test
    void neverHoldsMoreThanOneMinuteOfTokensAfterALongPause() {
        MutableClock clock = new MutableClock(START);
        KeyRateLimiter limiter = new KeyRateLimiter(clock);
        limiter.acquire("k", 2);

        clock.set(START.plus(Duration.ofDays(365)));

        assertThat(limiter.acquire("k", 2)).isZero();
        assertThat(limiter.acquire("k", 2)).isZero();
        assertThat(limiter.acquire("k", 2)).isEqualTo(Duration.ofSeconds(30));
    }

}
