package io.llmrelay.ingest.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay keys from PostgreSQL, served from an in-memory snapshot so that authentication never waits for the
 * database. A background thread replaces the snapshot every {@code relay.ingest.keys-refresh} with one query of
 * all live keys, so a revocation, rotation or new key reaches every replica within about that interval.
 *
 * <p>A whole reload rather than an incremental one: it needs no clock agreement between replicas and the database,
 * cannot miss a row committed late, and one indexed query of even tens of thousands of keys takes milliseconds.
 * When the database cannot be read the last snapshot stays in use (one WARN when that starts, one INFO when it
 * ends): a database outage then does not lock out callers, at the price that a revocation made during it takes
 * effect only once the database answers again.
 *
 * <p>Lookups go by the SHA-256 of the presented key; a hash-map probe on a hash of a 256-bit random key tells a
 * timing observer nothing about any stored key.
 */
public final class DatabaseRelayKeys implements RelayKeys, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRelayKeys.class);

    private final KeySnapshotSource source;
    private final Clock clock;
    private final ScheduledExecutorService refresher;

    /** Null until the first successful load. */
    private volatile Snapshot snapshot;
    private boolean failing;

    private DatabaseRelayKeys(KeySnapshotSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("relay-keys-refresh").daemon(true).factory());
    }

    /** Loads once now (a failure is logged, not thrown) and then every {@code interval} in the background. */
    public static DatabaseRelayKeys start(KeySnapshotSource source, Clock clock, Duration interval) {
        DatabaseRelayKeys keys = new DatabaseRelayKeys(source, clock);
        keys.refresh();
        keys.refresher.scheduleWithFixedDelay(keys::refresh, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return keys;
    }

    @Override
    public Optional<Caller> find(String presentedKey) {
        Snapshot current = snapshot;
        if (current == null) {
            return Optional.empty();
        }
        Credential credential = current.byHash().get(KeyHash.sha256Hex(presentedKey));
        if (credential == null || !credential.validAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(credential.caller());
    }

    /** True once a snapshot has been loaded; readiness depends on it. */
    public boolean loaded() {
        return snapshot != null;
    }

    /** When the snapshot in use was read, or null before the first load. */
    public Instant loadedAt() {
        Snapshot current = snapshot;
        return current == null ? null : current.loadedAt();
    }

    /** Number of live keys in the snapshot (a rotated key in its grace period counts once). */
    public int size() {
        Snapshot current = snapshot;
        return current == null ? 0 : current.keys();
    }

    /**
     * Reloads now, on the refresher thread, and waits for it (at most {@code timeout}): the admin API calls this after
     * a change so that the replica that made it applies it at once; the others follow within the refresh interval.
     */
    public void refreshNow(Duration timeout) {
        try {
            refresher.submit(this::refresh).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            log.warn("could not reload relay keys after a change ({}); the next scheduled refresh applies it",
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs on the refresher thread only (and once on start-up, before it is scheduled). */
    void refresh() {
        List<StoredKey> keys;
        try {
            keys = source.liveKeys();
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("cannot read relay keys from PostgreSQL ({}); {}", rootCause(e), snapshot == null
                        ? "no key from the database is accepted until it answers"
                        : "authenticating with the " + snapshot.keys() + " keys read at " + snapshot.loadedAt()
                                + " until it answers (revocations made meanwhile wait for it too)");
            }
            return;
        }
        snapshot = Snapshot.of(keys, clock.instant());
        if (failing) {
            failing = false;
            log.info("relay keys read from PostgreSQL again ({} live keys)", keys.size());
        }
    }

    /** The driver's own words (connection refused, ...), not the statement the wrapping exceptions repeat. */
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    /**
     * One accepted key text (by hash). {@code graceUntil} is set for a key replaced by a rotation and bounds it in
     * addition to the key's expiry.
     */
    private record Credential(Caller caller, Instant expiresAt, Instant graceUntil) {

        boolean validAt(Instant now) {
            return (expiresAt == null || now.isBefore(expiresAt)) && (graceUntil == null || now.isBefore(graceUntil));
        }
    }

    private record Snapshot(Map<String, Credential> byHash, int keys, Instant loadedAt) {

        static Snapshot of(List<StoredKey> keys, Instant loadedAt) {
            Map<String, Credential> byHash = HashMap.newHashMap(keys.size() * 2);
            for (StoredKey key : keys) {
                Caller caller = key.caller();
                byHash.put(key.keyHash(), new Credential(caller, key.expiresAt(), null));
                if (key.previousKeyHash() != null) {
                    byHash.put(key.previousKeyHash(), new Credential(caller, key.expiresAt(),
                            key.previousValidUntil()));
                }
            }
            return new Snapshot(Map.copyOf(byHash), keys.size(), loadedAt);
        }

        @Override
        public String toString() {
            return "Snapshot[keys=" + keys + ", loadedAt=" + loadedAt + "]";
        }
    }
}
