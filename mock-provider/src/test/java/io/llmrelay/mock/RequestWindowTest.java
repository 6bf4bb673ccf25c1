package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RequestWindowTest {

    /** 0.5 s into an epoch-aligned 2 s window. */
    private final MovableClock clock = new MovableClock(Instant.ofEpochMilli(1_000_000_500L));

    @Test
    void admitsTheLimitPerEpochAlignedWindowAndRefusesTheRestUntilTheNextWindow() {
        RequestWindow window = new RequestWindow(3, Duration.ofSeconds(2), clock);

        for (int i = 0; i < 3; i++) {
            assertThat(window.admit()).isZero();
        }
        assertThat(window.admit()).as("until the window that starts 1.5 s later").isEqualTo(Duration.ofMillis(1500));

        clock.now = clock.now.plusMillis(1500);
        assertThat(window.admit()).isZero();
        assertThat(window.peak()).isEqualTo(3);
        assertThat(window.refused()).isEqualTo(1);
    }

    private static final class MovableClock extends Clock {

        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
