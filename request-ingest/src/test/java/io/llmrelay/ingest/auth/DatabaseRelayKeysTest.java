package io.llmrelay.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrelay.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatabaseRelayKeysTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String KEY = "rk-current";
    private static final String OLD_KEY = "rk-replaced";

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicReference<Object> source = new AtomicReference<>(List.of());
    private DatabaseRelayKeys keys;

    @AfterEach
    void close() {
        if (keys != null) {
            keys.close();
        }
    }

    @Test
    void findsAStoredKeyByItsHashWithItsCallerAndLimits() {
        source.set(List.of(stored(null, null, null)));
        start();

        Caller caller = keys.find(KEY).orElseThrow();

        assertThat(caller).isEqualTo(new Caller("rk_id", "user", "team", Set.of("mock-model"), 5));
        assertThat(keys.find("rk-other")).isEmpty();
        assertThat(keys.loaded()).isTrue();
    }

    @Test
    void refusesAKeyOnceItsExpiryHasPassedEvenBeforeTheNextRefresh() {
        source.set(List.of(stored(NOW.plusSeconds(10), null, null)));
        start();

        assertThat(keys.find(KEY)).isPresent();
        clock.set(NOW.plusSeconds(10));
        assertThat(keys.find(KEY)).isEmpty();
    }

    @Test
    void acceptsTheReplacedKeyOfARotationUntilItsGracePeriodEnds() {
        source.set(List.of(stored(null, KeyHash.sha256Hex(OLD_KEY), NOW.plusSeconds(60))));
        start();

        assertThat(keys.find(OLD_KEY)).map(Caller::keyId).contains("rk_id");
        assertThat(keys.find(KEY)).map(Caller::keyId).contains("rk_id");
        clock.set(NOW.plusSeconds(60));
        assertThat(keys.find(OLD_KEY)).isEmpty();
        assertThat(keys.find(KEY)).isPresent();
    }

    @Test
    void aKeyMissingFromTheNextSnapshotIsRefused() {
        source.set(List.of(stored(null, null, null)));
        start();
        assertThat(keys.find(KEY)).isPresent();

        source.set(List.of());
        keys.refresh();

        assertThat(keys.find(KEY)).isEmpty();
    }

    @Test
    void keepsTheLastSnapshotWhileTheDatabaseFails() {
        source.set(List.of(stored(null, null, null)));
        start();

        source.set(new IllegalStateException("connection refused"));
        keys.refresh();
        keys.refresh();

        assertThat(keys.find(KEY)).isPresent();
        assertThat(keys.loaded()).isTrue();
        assertThat(keys.loadedAt()).isEqualTo(NOW);
    }

    @Test
    void acceptsNoStoredKeyAndIsNotLoadedUntilAFirstSnapshotArrives() {
        source.set(new IllegalStateException("connection refused"));
        start();

        assertThat(keys.loaded()).isFalse();
        assertThat(keys.find(KEY)).isEmpty();

        source.set(List.of(stored(null, null, null)));
        keys.refresh();

        assertThat(keys.loaded()).isTrue();
        assertThat(keys.find(KEY)).isPresent();
    }

    private void start() {
        keys = DatabaseRelayKeys.start(() -> {
            Object next = source.get();
            if (next instanceof RuntimeException failure) {
                throw failure;
            }
            @SuppressWarnings("unchecked")
            List<StoredKey> stored = (List<StoredKey>) next;
            return stored;
        }, clock, Duration.ofHours(1));
    }

    private static StoredKey stored(Instant expiresAt, String previousHash, Instant previousValidUntil) {
        return new StoredKey("rk_id", KeyHash.sha256Hex(KEY), "user", "team", Set.of("mock-model"), expiresAt, 5,
                previousHash, previousValidUntil);
    }

}
