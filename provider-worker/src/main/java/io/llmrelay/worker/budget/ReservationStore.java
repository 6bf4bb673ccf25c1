package io.llmrelay.worker.budget;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where the holds of requests in flight are counted: shared by all workers (PostgreSQL) or per worker. */
interface ReservationStore extends AutoCloseable {

    /**
     * Holds {@code micros} against every one of {@code budgets} under {@code id}, all or none: each must have
     * {@code spent + held + micros <= limit}, held counting the unexpired holds of its subject and period.
     *
     * @return the first budget, in the given order, that has no room; empty when held
     */
    Optional<BudgetDenial.Refusal> reserve(UUID id, List<BudgetStatusView.HardBudget> budgets, long micros,
                                           Instant expiresAt, Instant now) throws SQLException;

    /** Deletes the holds of {@code id}; nothing if there are none. */
    void remove(UUID id) throws SQLException;

    /** Whether every worker counts the same holds. */
    boolean shared();

    @Override
    void close();
}
