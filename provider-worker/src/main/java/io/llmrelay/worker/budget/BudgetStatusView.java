package io.llmrelay.worker.budget;

import java.util.Optional;
import java.util.function.Function;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.budget.BudgetPeriods;
import io.llmrelay.schemas.kafka.CompactedTopicView;

/**
 * What the aggregator last said about the budgets of a request's subjects, read from this worker's copies of
 * {@code llm.budget.status} (spend, limit, blocked) and {@code llm.budgets} (which budgets are hard). Answers from
 * memory, so it can be asked before every call.
 *
 * <p>Spend lags: the aggregator counts a usage event after its commit interval, so a subject can go a little past a
 * hard budget before it is blocked here. {@link BudgetReservations} bounds that overshoot by holding each request's
 * maximum cost while it is in flight.
 */
public final class BudgetStatusView {

    private final Function<String, Optional<BudgetStatus>> statuses;
    private final Function<String, Optional<Budget>> budgets;
    private final BudgetPeriods periods;

    /**
     * @param statuses the latest status per subject key ({@link CompactedTopicView#get})
     * @param budgets  the budget per subject key
     */
    BudgetStatusView(Function<String, Optional<BudgetStatus>> statuses, Function<String, Optional<Budget>> budgets,
                     BudgetPeriods periods) {
        this.statuses = statuses;
        this.budgets = budgets;
        this.periods = periods;
    }

    /**
     * The first of the request's subjects (user, team, key) whose hard budget is exhausted in the current period; a
     * status of an earlier period never blocks. Soft budgets are never blocked (the aggregator only alerts on them).
     */
    public Optional<BudgetDenial.Block> blocked(CompletionRequest request) {
        for (BudgetSubject subject : BudgetSubject.of(request)) {
            Optional<BudgetStatus> status = current(subject).filter(BudgetStatus::getBlocked);
            if (status.isPresent()) {
                BudgetStatus s = status.get();
                return Optional.of(new BudgetDenial.Block(subject, s.getPeriod(), s.getSpentMicros(),
                        s.getLimitMicros()));
            }
        }
        return Optional.empty();
    }

    /**
     * The highest share of its budget (spent / limit, hard or soft) any of the request's subjects has spent in the
     * current period: 0 when none has a budget, above 1 when one is overspent. Routes use it to send a subject near
     * its limit to a cheaper model.
     */
    public double spentShare(CompletionRequest request) {
        double highest = 0;
        for (BudgetSubject subject : BudgetSubject.of(request)) {
            Optional<BudgetStatus> status = current(subject).filter(s -> s.getLimitMicros() > 0);
            if (status.isPresent()) {
                highest = Math.max(highest, (double) status.get().getSpentMicros() / status.get().getLimitMicros());
            }
        }
        return highest;
    }

    /**
     * The subject's hard budget as it stands now: the newest limit, and the spend of the current period (0 when the
     * latest status is of an earlier period). Empty when the subject has no hard budget.
     */
    Optional<HardBudget> hardBudget(BudgetSubject subject) {
        Optional<Budget> budget = budgets.apply(subject.key()).filter(Budget::getHard);
        if (budget.isEmpty()) {
            return Optional.empty();
        }
        Optional<BudgetPeriods.Kind> kind = BudgetPeriods.Kind.ofBudget(budget.get().getPeriod());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        long limit = budget.get().getLimitMicros();
        return Optional.of(current(subject)
                .filter(status -> BudgetPeriods.Kind.ofLabel(status.getPeriod()).equals(kind))
                .map(status -> new HardBudget(subject, status.getPeriod(), status.getSpentMicros(), limit))
                .orElseGet(() -> new HardBudget(subject, periods.current(kind.get()), 0, limit)));
    }

    private Optional<BudgetStatus> current(BudgetSubject subject) {
        return statuses.apply(subject.key()).filter(status -> periods.isCurrent(status.getPeriod()));
    }

    /**
     * @param period      the label reservations are counted under, so that a new period starts with none
     * @param spentMicros spent in {@code period} as last reported
     */
    record HardBudget(BudgetSubject subject, String period, long spentMicros, long limitMicros) {
    }
}
