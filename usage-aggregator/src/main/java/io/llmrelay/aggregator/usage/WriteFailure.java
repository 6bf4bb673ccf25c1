package io.llmrelay.aggregator.usage;

import java.sql.SQLException;

/**
 * Why PostgreSQL did not take a write. Decided here, in one place, from the SQLSTATE of the
 * underlying {@link SQLException} (jOOQ's and Spring's wrappers both keep it as a cause).
 */
public enum WriteFailure {

    /**
     * The data is refused: SQLSTATE class 22 (data exception: value too long, bad encoding) or 23
     * (integrity constraint: NOT NULL, CHECK). The same row fails every time, so it is dead-lettered.
     */
    ROW_REJECTED,

    /**
     * Everything else: PostgreSQL down or restarting, connection lost, pool timed out, lock or
     * serialization conflicts, even a missing table. None of these is the row's fault; the batch is
     * kept and retried until it succeeds.
     */
    UNAVAILABLE;

    public static WriteFailure classify(Throwable failure) {
        SQLException sql = sqlCause(failure);
        String state = sql == null ? null : sql.getSQLState();
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return ROW_REJECTED;
        }
        return UNAVAILABLE;
    }

    /** The outermost {@link SQLException} in the cause chain (the driver's own), or null when there is none. */
    public static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
