package io.llmrelay.worker.completion;

import java.time.Instant;
import java.util.Optional;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.budget.BudgetDenial;
import io.llmrelay.worker.budget.BudgetHold;
import io.llmrelay.worker.budget.BudgetReservations;
import io.llmrelay.worker.budget.BudgetStatusView;

/**
 * What budgets mean for one request on its way to a provider: refused when a hard budget of its user, team or key is
 * exhausted or its maximum cost does not fit what is left, and how much of its budgets its callers have spent (for a
 * route's cheaper budget fallback). With budgets turned off ({@code relay.budget.enabled=false}) nothing is refused.
 */
final class BudgetGuard {

    static final BudgetGuard OFF = new BudgetGuard(null, null);

    private final BudgetStatusView view;
    private final BudgetReservations reservations;

    BudgetGuard(BudgetStatusView view, BudgetReservations reservations) {
        this.view = view;
        this.reservations = reservations;
    }

    /** Admitted (holding a reservation until {@link Admission#settle()} or {@link Admission#release()}) or refused. */
    sealed interface Admission {

        void settle();

        void release();

        record Admitted(BudgetReservations reservations, BudgetHold hold) implements Admission {
            @Override
            public void settle() {
                if (reservations != null) {
                    reservations.settle(hold);
                }
            }

            @Override
            public void release() {
                if (reservations != null) {
                    reservations.release(hold);
                }
            }
        }

        /** @param message says which budget, for which period, spent how much of what; safe to return to callers */
        record Refused(String message) implements Admission {
            @Override public void settle() { }
            @Override public void release() { }
        }
    }

    /** Checks the request's budgets and reserves its maximum cost against the hard ones. */
    Admission admit(CompletionRequest request, Instant deadline) {
        if (view == null) {
            return new Admission.Admitted(null, null);
        }
        Optional<BudgetDenial.Block> block = view.blocked(request);
        if (block.isPresent()) {
            return new Admission.Refused(block.get().message());
        }
        if (reservations == null) {
            return new Admission.Admitted(null, null);
        }
        BudgetHold hold = reservations.reserve(request, deadline);
        if (!hold.granted()) {
            return new Admission.Refused(hold.refusal().map(BudgetDenial::message)
                    .orElse("the request's maximum cost does not fit its budget"));
        }
        return new Admission.Admitted(reservations, hold);
    }

    /** The highest share (0..1, or more when overspent) of a budget the request's user, team or key has spent. */
    double spentShare(CompletionRequest request) {
        return view == null ? 0 : view.spentShare(request);
    }
}
