package io.llmrelay.aggregator.totals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A calendar day or month in the aggregator's time zone ({@code relay.aggregator.totals.zone}). Totals and budgets
 * are per period, and an event belongs to the period of its {@code occurred_at} (event time), so a late event for
 * yesterday lands in yesterday.
 *
 * @param start the day, or the first day of the month
 */
public record Period(Kind kind, LocalDate start) implements Comparable<Period> {

    /** How long a period is. The names are the wire values of {@code Budget.period} and the database columns. */
    public enum Kind {
        DAY("day"), MONTH("month");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException for anything but {@code day} or {@code month} */
        public static Kind of(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("period '" + label + "' is neither 'day' nor 'month'");
        }
    }

    public Period {
        if (kind == Kind.MONTH && start.getDayOfMonth() != 1) {
            throw new IllegalArgumentException("a month period starts on the first, not " + start);
        }
    }

    public static Period of(Kind kind, Instant instant, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(instant, zone);
        return new Period(kind, kind == Kind.DAY ? day : day.withDayOfMonth(1));
    }

    /** {@code 2026-11-26} for a day, {@code 2026-11} for a month: the period of alerts and status records. */
    public String label() {
        return kind == Kind.DAY ? start.toString() : YearMonth.from(start).toString();
    }

    /** The inverse of {@link #label()}; the kind follows from the form. */
    public static Period parse(String label) {
        try {
            return label.length() == 7
                    ? new Period(Kind.MONTH, YearMonth.parse(label).atDay(1))
                    : new Period(Kind.DAY, LocalDate.parse(label));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + label + "' is neither a day (yyyy-mm-dd) nor a month (yyyy-mm)", e);
        }
    }

    /** Orders periods of one kind by time; a day and a month are ordered by kind first (never compared in practice). */
    @Override
    public int compareTo(Period other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : start.compareTo(other.start);
    }
}
