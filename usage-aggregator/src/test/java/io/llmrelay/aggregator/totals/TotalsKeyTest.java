package io.llmrelay.aggregator.totals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class TotalsKeyTest {

    @Test
    void roundTripsDayAndMonthKeysWhoseIdsContainSeparators() {
        TotalsKey day = new TotalsKey(new Period(Period.Kind.DAY, LocalDate.of(2026, 11, 26)),
                new Subject(Subject.Type.MODEL, "meta/llama:3|70b"));
        TotalsKey month = new TotalsKey(new Period(Period.Kind.MONTH, LocalDate.of(2026, 11, 1)),
                new Subject(Subject.Type.USER, "alice"));

        assertThat(day.format()).isEqualTo("D|2026-11-26|model:meta/llama:3|70b");
        assertThat(month.format()).isEqualTo("M|2026-11|user:alice");
        assertThat(TotalsKey.parse(day.format())).isEqualTo(day);
        assertThat(TotalsKey.parse(month.format())).isEqualTo(month);
    }

    @Test
    void keysOfOneKindSortByPeriodSoOldPeriodsAreOneRange() {
        String older = new TotalsKey(new Period(Period.Kind.DAY, LocalDate.of(2026, 9, 30)),
                new Subject(Subject.Type.USER, "zed")).format();
        String newer = new TotalsKey(new Period(Period.Kind.DAY, LocalDate.of(2026, 10, 1)),
                new Subject(Subject.Type.TEAM, "a")).format();

        assertThat(older).isLessThan(newer);
    }

    @Test
    void refusesKeysThatAreNotTotalsKeys() {
        assertThatThrownBy(() -> TotalsKey.parse("X|2026-11|user:a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TotalsKey.parse("D|2026-11|user:a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TotalsKey.parse("M|2026-11|nobody")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePeriodOfAnInstantIsTheCalendarDayAndMonthInTheZone() {
        Instant lateOnNewYearsEveInNewYork = Instant.parse("2027-01-01T03:30:00Z");
        ZoneId newYork = ZoneId.of("America/New_York");

        assertThat(Period.of(Period.Kind.DAY, lateOnNewYearsEveInNewYork, newYork).label()).isEqualTo("2026-12-31");
        assertThat(Period.of(Period.Kind.MONTH, lateOnNewYearsEveInNewYork, newYork).label()).isEqualTo("2026-12");
        assertThat(Period.of(Period.Kind.MONTH, lateOnNewYearsEveInNewYork, ZoneId.of("UTC")).label()).isEqualTo("2027-01");
        assertThat(Period.parse("2026-12")).isEqualTo(new Period(Period.Kind.MONTH, LocalDate.of(2026, 12, 1)));
    }
}
