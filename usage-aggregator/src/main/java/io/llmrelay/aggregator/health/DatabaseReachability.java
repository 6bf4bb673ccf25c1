package io.llmrelay.aggregator.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether PostgreSQL answers, as a background check last saw it: {@link Connection#isValid} within {@code timeout},
 * every {@code interval}, on a thread of its own, as {@code ClusterReachability} does for Kafka. Readiness reads
 * {@link #current()} and never waits for the database, so a probe answers at once while PostgreSQL is down or hangs.
 *
 * <p>The check holds a connection of its own, outside the pool (two connections, sized for the consumer and the
 * SLA refresh): it neither waits behind a batch for a pooled connection, which would read as an outage, nor takes
 * one from the writer. Boot's own {@code db} indicator asks the pool on the probe's thread, so it is switched off.
 */
final class DatabaseReachability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseReachability.class);

    /**
     * @param reason null when reachable; otherwise what failed, safe to show (the driver's message names the host,
     *               never the password)
     */
    record Check(boolean reachable, String reason, Instant checkedAt) {
    }

    private final DataSource direct;
    private final Duration timeout;
    private final Duration staleAfter;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor checker;
    private volatile Check last;
    /** Checker thread only. */
    private Connection connection;
    /** Checker thread only. */
    private boolean checkedOnce;

    /** @param direct opens unpooled connections whose connect and socket timeouts are about {@code timeout} */
    DatabaseReachability(DataSource direct, Duration timeout, Duration interval, Clock clock) {
        this.direct = direct;
        this.timeout = timeout;
        // a check is bounded by the driver's timeouts; only a checker that stopped leaves a result this old
        this.staleAfter = interval.plus(timeout).multipliedBy(3);
        this.clock = clock;
        this.last = new Check(false, "not checked yet", clock.instant());
        this.checker = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("database-reachability").daemon(true).factory());
        checker.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last check's finding, without waiting; one older than a few check cycles counts as unreachable. */
    Check current() {
        Check seen = last;
        if (Duration.between(seen.checkedAt(), clock.instant()).compareTo(staleAfter) > 0) {
            return new Check(false, "no check has completed since " + seen.checkedAt(), seen.checkedAt());
        }
        return seen;
    }

    private void check() {
        Check found;
        try {
            if (connection == null) {
                connection = direct.getConnection();
            }
            found = connection.isValid(Math.toIntExact(Math.max(1, timeout.toSeconds())))
                    ? new Check(true, null, clock.instant())
                    : new Check(false, "the connection did not answer within " + timeout, clock.instant());
        } catch (SQLException | RuntimeException e) {
            // a check that throws would cancel every later one
            found = new Check(false, e.toString(), clock.instant());
        }
        if (!found.reachable()) {
            closeConnection();
        }
        logChange(checkedOnce ? last : null, found);
        checkedOnce = true;
        last = found;
    }

    /** Once per change, {@code before} null at the first check: an outage must not log a line every few seconds. */
    private static void logChange(Check before, Check now) {
        if (!now.reachable() && (before == null || before.reachable())) {
            log.warn("PostgreSQL is unreachable ({}); readiness reports DOWN until it answers again", now.reason());
        } else if (now.reachable() && (before == null || !before.reachable())) {
            log.info("PostgreSQL answers");
        }
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the health check's broken connection failed: {}", e.toString());
        }
        connection = null;
    }

    @Override
    public void close() {
        checker.shutdownNow();
        try {
            if (checker.awaitTermination(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS)) {
                closeConnection();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
