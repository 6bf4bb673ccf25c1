package io.llmrelay.aggregator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SlaRefreshJobTest {

    @Test
    void recomputesYesterdayAndTodayJustBeforeMidnightUtc() {
        assertThat(SlaRefreshJob.daysToRecompute(at("2026-02-28T23:59:59.999Z")))
                .containsExactly(LocalDate.of(2026, 2, 27), LocalDate.of(2026, 2, 28));
    }

    @Test
    void keepsTheDayThatJustEndedAtMidnightUtc() {
        assertThat(SlaRefreshJob.daysToRecompute(at("2026-03-01T00:00:00Z")))
                .containsExactly(LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1));
    }

    @Test
    void countsDaysInUtcWhateverTheClocksZone() {
        // 19:30 on February 28 in Los Angeles, already March 1 in UTC
        Clock losAngeles = Clock.fixed(Instant.parse("2026-03-01T03:30:00Z"), ZoneId.of("America/Los_Angeles"));
        // 08:30 on March 1 in Tokyo, still February 28 in UTC
        Clock tokyo = Clock.fixed(Instant.parse("2026-02-28T23:30:00Z"), ZoneId.of("Asia/Tokyo"));

        assertThat(SlaRefreshJob.daysToRecompute(losAngeles))
                .containsExactly(LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1));
        assertThat(SlaRefreshJob.daysToRecompute(tokyo))
                .containsExactly(LocalDate.of(2026, 2, 27), LocalDate.of(2026, 2, 28));
    }

    @Test
    void reachesBackAcrossLeapDaysAndYearEnds() {
        assertThat(SlaRefreshJob.daysToRecompute(at("2028-03-01T00:00:30Z")))
                .containsExactly(LocalDate.of(2028, 2, 29), LocalDate.of(2028, 3, 1));
        assertThat(SlaRefreshJob.daysToRecompute(at("2027-01-01T00:00:01Z")))
                .containsExactly(LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 1));
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }
}
