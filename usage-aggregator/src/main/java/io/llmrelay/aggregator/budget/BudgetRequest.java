package io.llmrelay.aggregator.budget;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmrelay.aggregator.totals.Period;
import io.llmrelay.aggregator.totals.Subject;
import io.llmrelay.schemas.Budget;

/**
 * The body of {@code PUT /admin/budgets/{type}/{id}}; {@link #toBudget} checks it and fills the defaults.
 *
 * @param thresholdsPercent default 50, 75, 90, 100
 * @param hard              default false: a soft budget only alerts
 */
record BudgetRequest(@JsonProperty("limit_micros") Long limitMicros,
                     @JsonProperty("period") String period,
                     @JsonProperty("thresholds_percent") List<Integer> thresholdsPercent,
                     @JsonProperty("hard") Boolean hard) {

    /** A billion dollars: with thresholds up to 1,000 % the arithmetic stays far from overflow. */
    static final long MAX_LIMIT_MICROS = 1_000_000_000_000_000L;
    static final List<Integer> DEFAULT_THRESHOLDS = List.of(50, 75, 90, 100);
    private static final int MAX_THRESHOLDS = 20;
    private static final int MAX_ID_LENGTH = 255;

    /** @throws BudgetApiException naming the offending field */
    Budget toBudget(String subjectType, String subjectId, Instant now) {
        Subject subject = subject(subjectType, subjectId);
        if (limitMicros == null || limitMicros < 1 || limitMicros > MAX_LIMIT_MICROS) {
            throw BudgetApiException.invalid("limit_micros", "invalid_limit", "limit_micros must be a whole number of "
                    + "micro-USD from 1 to " + MAX_LIMIT_MICROS + ", was " + limitMicros + ".");
        }
        Period.Kind kind;
        try {
            kind = Period.Kind.of(period);
        } catch (IllegalArgumentException e) {
            throw BudgetApiException.invalid("period", "invalid_period", "period must be 'day' or 'month', was '"
                    + period + "'.");
        }
        return Budget.newBuilder()
                .setSubjectType(subject.type().label())
                .setSubjectId(subject.id())
                .setLimitMicros(limitMicros)
                .setPeriod(kind.label())
                .setThresholdsPercent(thresholds())
                .setHard(hard != null && hard)
                .setUpdatedAt(now)
                .build();
    }

    private List<Integer> thresholds() {
        if (thresholdsPercent == null) {
            return DEFAULT_THRESHOLDS;
        }
        if (thresholdsPercent.isEmpty() || thresholdsPercent.size() > MAX_THRESHOLDS
                || thresholdsPercent.stream().anyMatch(t -> t == null || t < 1 || t > 1_000)) {
            throw BudgetApiException.invalid("thresholds_percent", "invalid_thresholds", "thresholds_percent must list "
                    + "1 to " + MAX_THRESHOLDS + " percentages from 1 to 1000, was " + thresholdsPercent + ".");
        }
        return thresholdsPercent.stream().distinct().sorted().toList();
    }

    /** @throws BudgetApiException for a type other than user, team or key, or a blank or over-long id */
    static Subject subject(String type, String id) {
        Subject.Type parsed;
        try {
            parsed = Subject.Type.of(type);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.budgeted()) {
            throw BudgetApiException.invalid("subject_type", "invalid_subject_type", "Budgets are per 'user', 'team' "
                    + "or 'key'; '" + type + "' is none of them.");
        }
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw BudgetApiException.invalid("subject_id", "invalid_subject_id", "The subject id must be 1 to "
                    + MAX_ID_LENGTH + " characters, not blank.");
        }
        return new Subject(parsed, id);
    }
}
