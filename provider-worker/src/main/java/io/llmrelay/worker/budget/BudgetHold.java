package io.llmrelay.worker.budget;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmrelay.schemas.budget.Dollars;

/**
 * What {@link BudgetReservations#reserve} decided for one request: granted, holding {@link #reservedMicros()} of each
 * of {@link #subjects()}' hard budgets until {@link BudgetReservations#settle settled} or
 * {@link BudgetReservations#release released} (or the request's deadline passes); or refused, holding nothing, with
 * the {@link #refusal()} to answer the request with.
 */
public final class BudgetHold {

    private final UUID id;
    private final long reservedMicros;
    private final List<BudgetSubject> subjects;
    private final BudgetDenial.Refusal refusal;
    private final AtomicBoolean open;

    private BudgetHold(UUID id, long reservedMicros, List<BudgetSubject> subjects, BudgetDenial.Refusal refusal) {
        this.id = id;
        this.reservedMicros = reservedMicros;
        this.subjects = List.copyOf(subjects);
        this.refusal = refusal;
        this.open = new AtomicBoolean(id != null);
    }

    static BudgetHold held(UUID id, long micros, List<BudgetSubject> subjects) {
        return new BudgetHold(id, micros, subjects, null);
    }

    /** Granted with nothing held: no hard budget applies, the request cannot be priced, or the store was away. */
    static BudgetHold nothingHeld() {
        return new BudgetHold(null, 0, List.of(), null);
    }

    static BudgetHold refused(BudgetDenial.Refusal refusal) {
        return new BudgetHold(null, 0, List.of(), refusal);
    }

    /** False: do not call the provider; answer with {@link #refusal()}. */
    public boolean granted() {
        return refusal == null;
    }

    public Optional<BudgetDenial.Refusal> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Micro-USD held against each subject's budget; 0 when nothing is held. */
    public long reservedMicros() {
        return reservedMicros;
    }

    /** The subjects whose hard budgets hold {@link #reservedMicros()}. */
    public List<BudgetSubject> subjects() {
        return subjects;
    }

    /** Null when nothing is held. */
    UUID id() {
        return id;
    }

    /** True exactly once for a hold that holds something: settling or releasing twice deletes once. */
    boolean close() {
        return open.compareAndSet(true, false);
    }

    @Override
    public String toString() {
        if (refusal != null) {
            return "BudgetHold[refused: " + refusal.message() + "]";
        }
        return id == null ? "BudgetHold[nothing held]"
                : "BudgetHold[" + id + ", " + Dollars.format(reservedMicros) + " of " + subjects + "]";
    }
}
