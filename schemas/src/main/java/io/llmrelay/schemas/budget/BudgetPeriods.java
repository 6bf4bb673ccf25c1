package io.llmrelay.schemas.budget;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The current budget periods by a service's clock in its configured zone (the worker's {@code relay.budget.zone},
 * the ingest's {@code relay.ingest.budget.zone}), which must be the aggregator's {@code relay.aggregator.totals.zone}:
 * a status is about one calendar day ({@code 2026-11-26}) or month ({@code 2026-11}) there, and only the status of
 * the current period (or a later one, when the aggregator's clock is a little ahead at midnight) says anything about
 * now. A status of an earlier period is stale: its subject starts the new period with nothing spent. Shared so that
 * the workers and the ingest judge a status's period alike.
 */
public final class BudgetPeriods {

    /** The wire values of {@code Budget.period}. */
    public enum Kind {
        DAY, MONTH;

        /** @return empty for anything but {@code day} or {@code month} */
        public static Optional<Kind> ofBudget(String period) {
            return switch (period) {
                case "day" -> Optional.of(DAY);
                case "month" -> Optional.of(MONTH);
                default -> Optional.empty();
            };
        }

        /** The kind of a status label, from its form; empty if it is neither. */
        public static Optional<Kind> ofLabel(String label) {
            if (label == null) {
                return Optional.empty();
            }
            return switch (label.length()) {
                case 7 -> Optional.of(MONTH);
                case 10 -> Optional.of(DAY);
                default -> Optional.empty();
            };
        }
    }

    private final Clock clock;
    private final ZoneId zone;

    public BudgetPeriods(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** {@code 2026-11-26} or {@code 2026-11}: the label the aggregator gives the current period of {@code kind}. */
    public String current(Kind kind) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        return kind == Kind.DAY ? today.toString() : YearMonth.from(today).toString();
    }

    /**
     * Whether a status of period {@code label} is about now. ISO labels of one kind order as text, so the comparison
     * needs no parsing; a label of neither form is never current.
     */
    public boolean isCurrent(String label) {
        return Kind.ofLabel(label).map(kind -> label.compareTo(current(kind)) >= 0).orElse(false);
    }
}
