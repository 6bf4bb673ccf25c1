package io.llmrelay.ingest.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.llmrelay.ingest.auth.Caller;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.budget.BudgetPeriods;

/**
 * Refuses a request before it is produced when the usage-aggregator reports the hard budget of the caller's user, team
 * or key exhausted for the current period. Answers from this replica's copy of {@code llm.budget.status}, so it costs
 * a map look-up per subject. The workers check again (and also hold each request's maximum cost); this gate spares
 * Kafka and the workers the requests that are refused anyway, and answers them at once.
 *
 * <p>Only a status of the current period (in {@link BudgetGateSettings#zone()}) blocks: the aggregator's record for a
 * new period can lag by up to its commit interval (~30 s), so a subject blocked last month is served again at midnight
 * of the first rather than when the new record arrives. A subject without a status (none yet, or a tombstone: no
 * budget) is never blocked.
 */
public final class BudgetGate {

    private static final BudgetGate DISABLED = new BudgetGate(key -> Optional.empty(), null);

    private final Function<String, Optional<BudgetStatus>> statuses;
    private final BudgetPeriods periods;

    /**
     * @param statuses the latest status per subject key ({@code team:platform}), e.g. a compacted topic view's get
     */
    BudgetGate(Function<String, Optional<BudgetStatus>> statuses, BudgetPeriods periods) {
        this.statuses = statuses;
        this.periods = periods;
    }

    /** {@code relay.ingest.budget.enabled=false}: never refuses. */
    static BudgetGate disabled() {
        return DISABLED;
    }

    /**
     * @throws BudgetExceededException for the first of the caller's user, team and key whose hard budget is exhausted
     */
    public void check(Caller caller) {
        if (this == DISABLED) {
            return;
        }
        for (Subject subject : subjects(caller)) {
            Optional<BudgetStatus> blocked = statuses.apply(subject.key())
                    .filter(BudgetStatus::getBlocked)
                    .filter(status -> periods.isCurrent(status.getPeriod()));
            if (blocked.isPresent()) {
                BudgetStatus status = blocked.get();
                throw new BudgetExceededException(subject.type(), subject.id(), status.getPeriod(),
                        status.getSpentMicros(), status.getLimitMicros());
            }
        }
    }

    /** In the workers' order: user, team (if any), key. */
    private static List<Subject> subjects(Caller caller) {
        List<Subject> subjects = new ArrayList<>(3);
        subjects.add(new Subject("user", caller.userId()));
        if (caller.teamId() != null && !caller.teamId().isBlank()) {
            subjects.add(new Subject("team", caller.teamId()));
        }
        subjects.add(new Subject("key", caller.keyId()));
        return subjects;
    }

    /** @param type {@code user}, {@code team} or {@code key}; {@link #key()} is the key on {@code llm.budget.status} */
    private record Subject(String type, String id) {

        String key() {
            return type + ":" + id;
        }
    }
}
