package io.llmrelay.worker.cost;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.llmrelay.schemas.cost.PriceOverrides;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest snapshot of {@code model_prices} in memory, re-read every {@code relay.worker.price-refresh} on a
 * thread of its own, so pricing an attempt never waits on the database. When the database cannot be read (down, or
 * the table not migrated yet) the last snapshot stays in force, or the price file alone until a first read
 * succeeds: one warning when reading starts failing and one line when it works again.
 */
final class PriceOverrideRefresher implements Supplier<PriceOverrides>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PriceOverrideRefresher.class);
    /** A read under way when the worker stops is interrupted; this bounds the wait for it before the pool closes. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final PriceOverrideReader reader;
    private final Runnable closeConnections;
    private final ScheduledExecutorService scheduler;
    private volatile PriceOverrides current = PriceOverrides.none();
    private boolean failing;

    /** @param closeConnections run when the refresher closes (closes the reader's pool) */
    PriceOverrideRefresher(PriceOverrideReader reader, Runnable closeConnections) {
        this.reader = reader;
        this.closeConnections = closeConnections;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("price-refresh").daemon(true).factory());
    }

    /** For a worker without a database: never any override. */
    static PriceOverrideRefresher withoutDatabase() {
        return new PriceOverrideRefresher(null, () -> { });
    }

    /** Reads once now (a failure is logged, not thrown: the price file still prices), then every {@code every}. */
    void start(Duration every) {
        if (reader == null) {
            return;
        }
        refresh();
        scheduler.scheduleWithFixedDelay(this::refresh, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public PriceOverrides get() {
        return current;
    }

    /** Package-private for tests, which refresh on demand rather than wait for the schedule. */
    synchronized void refresh() {
        PriceOverrides read;
        try {
            read = reader.read();
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("cannot read price overrides from table {} ({}): pricing keeps the {} overrides read before"
                        + " and the price file; retrying every refresh", PriceOverrideReader.TABLE, firstLine(e),
                        current.size());
            }
            return;
        }
        if (failing) {
            failing = false;
            log.info("price overrides read again from table {}", PriceOverrideReader.TABLE);
        }
        if (read.size() != current.size()) {
            log.info("{} price overrides in force from table {}", read.size(), PriceOverrideReader.TABLE);
        }
        current = read;
    }

    /** PostgreSQL's messages go on with a position on a second line; the log line keeps the first. */
    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConnections.run();
        }
    }
}
