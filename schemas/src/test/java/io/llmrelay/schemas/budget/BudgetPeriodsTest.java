package io.llmrelay.schemas.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class BudgetPeriodsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
    private final BudgetPeriods utc = new BudgetPeriods(clock, ZoneOffset.UTC);

    @Test
    void labelsTheCurrentDayAndMonthAsTheAggregatorDoes() {
        assertThat(utc.current(BudgetPeriods.Kind.DAY)).isEqualTo("2026-11-26");
        assertThat(utc.current(BudgetPeriods.Kind.MONTH)).isEqualTo("2026-11");
    }

    @Test
    void theLastEveningOfAMonthInUtcIsAlreadyTheNextMonthInBerlin() {
        clock.set(Instant.parse("2026-11-30T23:30:00Z"));
        BudgetPeriods berlin = new BudgetPeriods(clock, ZoneId.of("Europe/Berlin"));

        assertThat(utc.current(BudgetPeriods.Kind.MONTH)).isEqualTo("2026-11");
        assertThat(utc.current(BudgetPeriods.Kind.DAY)).isEqualTo("2026-11-30");
        assertThat(berlin.current(BudgetPeriods.Kind.MONTH)).isEqualTo("2026-12");
        assertThat(berlin.current(BudgetPeriods.Kind.DAY)).isEqualTo("2026-12-01");
        assertThat(berlin.isCurrent("2026-11")).as("November's status is stale in Berlin").isFalse();
        assertThat(utc.isCurrent("2026-11")).isTrue();
    }

    @Test
    void aStatusOfAnEarlierPeriodIsNotCurrentAndOneOfALaterPeriodIs() {
        assertThat(utc.isCurrent("2026-11")).isTrue();
        assertThat(utc.isCurrent("2026-11-26")).isTrue();
        assertThat(utc.isCurrent("2026-10")).isFalse();
        assertThat(utc.isCurrent("2025-12")).isFalse();
        assertThat(utc.isCurrent("2026-11-25")).isFalse();
        // the aggregator's clock a little ahead at midnight: its new period is the truth
        assertThat(utc.isCurrent("2026-11-27")).isTrue();
        assertThat(utc.isCurrent("2026-12")).isTrue();
    }

    @Test
    void theMonthRollsOverAtMidnightOfTheFirst() {
        clock.set(Instant.parse("2026-11-30T23:59:59Z"));
        assertThat(utc.isCurrent("2026-11")).isTrue();

        clock.set(Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(utc.isCurrent("2026-11")).isFalse();
        assertThat(utc.isCurrent("2026-11-30")).isFalse();
        assertThat(utc.current(BudgetPeriods.Kind.MONTH)).isEqualTo("2026-12");
    }

    @Test
    void aLabelOfNeitherFormIsNeverCurrent() {
        assertThat(utc.isCurrent("")).isFalse();
        assertThat(utc.isCurrent("2026")).isFalse();
        assertThat(utc.isCurrent(null)).isFalse();
        assertThat(BudgetPeriods.Kind.ofBudget("week")).isEmpty();
        assertThat(BudgetPeriods.Kind.ofBudget("day")).contains(BudgetPeriods.Kind.DAY);
    }
}
