package io.llmrelay.worker.budget;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.budget.Dollars;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how far a hard budget can be overspent. The aggregator's spend lags (it counts a usage event after its
 * commit interval), so checking "blocked" alone lets every request in flight, on every worker, go through at once.
 * Instead, before a provider is called, the request's maximum cost ({@link MaxCost}) is held against each hard
 * budget of its subjects, and only if {@code spent + held + this <= limit}; the hold is given back when the request
 * is done. With the holds in PostgreSQL, shared by all workers, the overshoot does not grow with the number of
 * replicas.
 *
 * <p>What remains: after {@link #settle} the request's real cost is in a usage event that the aggregator has not
 * counted yet (its commit interval, plus publishing the status), so for that window neither the hold nor the spend
 * covers it. The overshoot is bounded by what the relay spends in that window, for all replicas together.
 *
 * <p>If the database cannot be reached, a request goes out holding nothing (logged, counted as
 * {@code relay.worker.budget.reservations{outcome=store_unavailable}}): blocked subjects are still refused by
 * {@link BudgetStatusView#blocked}, which needs only Kafka.
 */
public final class BudgetReservations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BudgetReservations.class);
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);

    private final BudgetStatusView view;
    private final MaxCost maxCost;
    private final ReservationStore store;
    private final Clock clock;
    private final Counter held;
    private final Counter refused;
    private final Counter nothingHeld;
    private final Counter unavailable;
    private final AtomicLong lastWarnedMillis = new AtomicLong(Long.MIN_VALUE);

    BudgetReservations(BudgetStatusView view, MaxCost maxCost, ReservationStore store, Clock clock,
                       MeterRegistry registry) {
        this.view = view;
        this.maxCost = maxCost;
        this.store = store;
        this.clock = clock;
        this.held = outcome(registry, "held", "the request's maximum cost was held against its hard budgets");
        this.refused = outcome(registry, "refused", "the request's maximum cost did not fit a hard budget");
        this.nothingHeld = outcome(registry, "nothing_held", "no hard budget applied or the request was unpriced");
        this.unavailable = outcome(registry, "store_unavailable", "the reservation database could not be reached;"
                + " the request went out holding nothing");
    }

    private static Counter outcome(MeterRegistry registry, String outcome, String description) {
        return Counter.builder("relay.worker.budget.reservations").tag("outcome", outcome).description(description)
                .register(registry);
    }

    /**
     * Holds the request's maximum cost against every hard budget of its subjects until {@code deadline}, or refuses.
     * Call before the first provider call; {@link #settle} or {@link #release} the result when done (holds also
     * expire at the deadline, so a worker that dies holding some frees them by then).
     *
     * @param deadline the request's deadline: after it the request is never sent, so its hold is no longer needed
     */
    public BudgetHold reserve(CompletionRequest request, Instant deadline) {
        List<BudgetStatusView.HardBudget> budgets = new ArrayList<>(3);
        for (BudgetSubject subject : BudgetSubject.of(request)) {
            view.hardBudget(subject).ifPresent(budgets::add);
        }
        long micros = budgets.isEmpty() ? 0 : maxCost.micros(request);
        if (micros == 0) {
            nothingHeld.increment();
            return BudgetHold.nothingHeld();
        }
        UUID id = UUID.randomUUID();
        try {
            Optional<BudgetDenial.Refusal> refusal = store.reserve(id, budgets, micros, deadline, clock.instant());
            if (refusal.isPresent()) {
                refused.increment();
                return BudgetHold.refused(refusal.get());
            }
            held.increment();
            return BudgetHold.held(id, micros, budgets.stream().map(BudgetStatusView.HardBudget::subject).toList());
        } catch (SQLException | RuntimeException e) {
            unavailable.increment();
            warnThrottled("cannot hold " + Dollars.format(micros) + " for request " + request.getRequestId()
                    + " against the budgets of " + budgets.stream().map(BudgetStatusView.HardBudget::subject).toList()
                    + " (" + e + "): it goes out holding nothing; budgets may be overspent by the requests in flight"
                    + " until the database is back");
            return BudgetHold.nothingHeld();
        }
    }

    /**
     * Gives the hold back once the request's usage event is acknowledged by Kafka: from then on the cost is the
     * aggregator's to count (it lags by its commit interval, see the class comment).
     */
    public void settle(BudgetHold hold) {
        remove(hold);
    }

    /** Gives the hold back for a request that cost nothing: it failed, or was answered without a provider call. */
    public void release(BudgetHold hold) {
        remove(hold);
    }

    /** Whether the holds are shared by all workers (PostgreSQL) rather than kept per worker. */
    public boolean shared() {
        return store.shared();
    }

    @Override
    public void close() {
        store.close();
    }

    private void remove(BudgetHold hold) {
        if (!hold.close()) {
            return;
        }
        try {
            store.remove(hold.id());
        } catch (SQLException | RuntimeException e) {
            warnThrottled("cannot give back the budget hold " + hold + " (" + e + "); it expires at the request's"
                    + " deadline");
        }
    }

    /** A database outage fails every request's reservation: one warning per interval, the counter has the rest. */
    private void warnThrottled(String message) {
        long now = clock.millis();
        long last = lastWarnedMillis.get();
        if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY.toMillis()) && lastWarnedMillis.compareAndSet(last, now)) {
            log.warn(message);
        }
    }
}
