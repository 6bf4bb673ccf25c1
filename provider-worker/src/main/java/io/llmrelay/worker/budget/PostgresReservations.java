package io.llmrelay.worker.budget;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Holds in one PostgreSQL table ({@value #TABLE}) shared by every worker of the relay, one row per request and
 * subject. A reservation is one transaction that takes a transaction-scoped advisory lock per subject (in key order,
 * so two requests sharing subjects cannot deadlock), sums the subject's unexpired holds of the period and inserts
 * only if everything fits: however many workers reserve at once, the holds of a subject never exceed its limit minus
 * what was spent. Expired holds (their request's deadline passed: it was answered or dropped) stop counting at once
 * and are deleted by the next reservation of their subject.
 */
final class PostgresReservations implements ReservationStore {

    static final String TABLE = "budget_reservations";
    /** unique_violation (on pg_type), duplicate_table: what a concurrent CREATE TABLE IF NOT EXISTS may raise. */
    private static final Set<String> CONCURRENTLY_CREATED = Set.of("23505", "42P07");
    /** The first key of the two-key advisory locks, so that ours never meet another user's single-key locks. */
    private static final String LOCK_SPACE = "SELECT pg_advisory_xact_lock(hashtext('" + TABLE + "'), hashtext(?))";

    private final DataSource dataSource;
    private final AutoCloseable closeable;

    /**
     * Creates the table when it is missing ({@code CREATE TABLE IF NOT EXISTS}, safe when workers start together).
     *
     * @param dataSource closed with this store when it is {@link AutoCloseable} (a pool of its own)
     */
    PostgresReservations(DataSource dataSource) {
        this.dataSource = dataSource;
        this.closeable = dataSource instanceof AutoCloseable c ? c : () -> { };
        createTable();
    }

    private void createTable() {
        String[] ddl = {
                "CREATE TABLE IF NOT EXISTS " + TABLE + " (reservation_id UUID NOT NULL, subject TEXT NOT NULL,"
                        + " period TEXT NOT NULL, micros BIGINT NOT NULL CHECK (micros >= 0),"
                        + " expires_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (reservation_id, subject))",
                "CREATE INDEX IF NOT EXISTS " + TABLE + "_subject ON " + TABLE + " (subject, period, expires_at)"};
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : ddl) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            if (CONCURRENTLY_CREATED.contains(e.getSQLState())) {
                return; // another worker created it at the same moment: IF NOT EXISTS does not cover that race
            }
            throw new IllegalStateException("cannot create the budget reservation table '" + TABLE
                    + "' in the database of relay.rate-limits.datasource: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<BudgetDenial.Refusal> reserve(UUID id, List<BudgetStatusView.HardBudget> budgets, long micros,
                                                  Instant expiresAt, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<BudgetDenial.Refusal> refusal = reserve(connection, id, budgets, micros, expiresAt, now);
                if (refusal.isPresent()) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                return refusal;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        }
    }

    private Optional<BudgetDenial.Refusal> reserve(Connection connection, UUID id,
                                                   List<BudgetStatusView.HardBudget> budgets, long micros,
                                                   Instant expiresAt, Instant now) throws SQLException {
        List<String> lockOrder = budgets.stream().map(b -> b.subject().key()).distinct()
                .sorted(Comparator.naturalOrder()).toList();
        try (PreparedStatement lock = connection.prepareStatement(LOCK_SPACE);
             PreparedStatement purge = connection.prepareStatement(
                     "DELETE FROM " + TABLE + " WHERE subject = ? AND expires_at <= ?")) {
            for (String subject : lockOrder) {
                lock.setString(1, subject);
                lock.execute();
                purge.setString(1, subject);
                purge.setObject(2, utc(now));
                purge.executeUpdate();
            }
        }
        for (BudgetStatusView.HardBudget budget : budgets) {
            long left = budget.limitMicros() - budget.spentMicros() - held(connection, budget, now);
            if (micros > left) {
                return Optional.of(new BudgetDenial.Refusal(budget.subject(), budget.period(), micros,
                        Math.max(0, left), budget.limitMicros()));
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                + " (reservation_id, subject, period, micros, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            for (BudgetStatusView.HardBudget budget : budgets) {
                insert.setObject(1, id);
                insert.setString(2, budget.subject().key());
                insert.setString(3, budget.period());
                insert.setLong(4, micros);
                insert.setObject(5, utc(expiresAt));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return Optional.empty();
    }

    private static long held(Connection connection, BudgetStatusView.HardBudget budget, Instant now)
            throws SQLException {
        try (PreparedStatement sum = connection.prepareStatement("SELECT COALESCE(SUM(micros), 0) FROM " + TABLE
                + " WHERE subject = ? AND period = ? AND expires_at > ?")) {
            sum.setString(1, budget.subject().key());
            sum.setString(2, budget.period());
            sum.setObject(3, utc(now));
            try (ResultSet rows = sum.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Override
    public void remove(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM " + TABLE + " WHERE reservation_id = ?")) {
            delete.setObject(1, id);
            delete.executeUpdate();
        }
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void close() {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the budget reservation pool: " + e.getMessage(), e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
