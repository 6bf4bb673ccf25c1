package io.llmrelay.ingest.admin;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.llmrelay.ingest.auth.KeySnapshotSource;
import io.llmrelay.ingest.auth.StoredKey;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of {@code relay_keys}: the live-key snapshot every replica reads, and the admin operations. Only hashes of
 * keys are written or read. Times come from PostgreSQL's {@code now()} so that all replicas agree on them.
 */
final class RelayKeyStore implements KeySnapshotSource {

    private static final String VIEW_COLUMNS = "public_id, user_id, team_id, allowed_models, expires_at, rpm_limit, "
            + "budget_micro_usd, created_at, rotated_at, previous_valid_until, revoked_at, now() AS read_at";

    private final JdbcClient jdbc;

    RelayKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<StoredKey> liveKeys() {
        return jdbc.sql("""
                        SELECT public_id, key_hash, user_id, team_id, allowed_models, expires_at, rpm_limit,
                               CASE WHEN previous_valid_until > now() THEN previous_key_hash END AS previous_key_hash,
                               CASE WHEN previous_valid_until > now() THEN previous_valid_until END AS previous_valid_until
                        FROM relay_keys
                        WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())""")
                .query((rs, row) -> new StoredKey(rs.getString("public_id"), rs.getString("key_hash"),
                        rs.getString("user_id"), rs.getString("team_id"), models(rs), instant(rs, "expires_at"),
                        (Integer) rs.getObject("rpm_limit"), rs.getString("previous_key_hash"),
                        instant(rs, "previous_valid_until")))
                .list();
    }

    KeyView insert(String publicId, String keyHash, KeySpec spec) {
        return jdbc.sql("INSERT INTO relay_keys (public_id, key_hash, user_id, team_id, allowed_models, expires_at, "
                        + "rpm_limit, budget_micro_usd) VALUES (:id, :hash, :user, :team, :models::text[], :expires, "
                        + ":rpm, :budget) RETURNING " + VIEW_COLUMNS)
                .param("id", publicId).param("hash", keyHash).param("user", spec.userId()).param("team", spec.teamId())
                .param("models", spec.allowedModels() == null ? null : spec.allowedModels().toArray(String[]::new))
                .param("expires", offset(spec.expiresAt())).param("rpm", spec.rpmLimit())
                .param("budget", spec.budgetMicroUsd())
                .query(RelayKeyStore::view).single();
    }

    List<KeyView> list() {
        return jdbc.sql("SELECT " + VIEW_COLUMNS + " FROM relay_keys ORDER BY created_at, public_id")
                .query(RelayKeyStore::view).list();
    }

    Optional<KeyView> find(String publicId) {
        return jdbc.sql("SELECT " + VIEW_COLUMNS + " FROM relay_keys WHERE public_id = :id").param("id", publicId)
                .query(RelayKeyStore::view).optional();
    }

    /**
     * Replaces the key's hash; the replaced one stays valid until now + grace. A key replaced by an earlier rotation
     * and still in its grace period stops working now: only the last replaced key has a grace period.
     *
     * @return empty when there is no such live (not revoked, not expired) key
     */
    Optional<KeyView> rotate(String publicId, String newKeyHash, Duration grace) {
        return jdbc.sql("UPDATE relay_keys SET previous_key_hash = key_hash, key_hash = :hash, "
                        + "previous_valid_until = now() + make_interval(secs => :grace), rotated_at = now(), "
                        + "updated_at = now() WHERE public_id = :id AND revoked_at IS NULL "
                        + "AND (expires_at IS NULL OR expires_at > now()) RETURNING " + VIEW_COLUMNS)
                .param("hash", newKeyHash).param("grace", grace.toMillis() / 1000.0).param("id", publicId)
                .query(RelayKeyStore::view).optional();
    }

    /** Revokes now, including a rotated key still in its grace period; empty when there is no unrevoked such key. */
    Optional<KeyView> revoke(String publicId) {
        return jdbc.sql("UPDATE relay_keys SET revoked_at = now(), updated_at = now() "
                        + "WHERE public_id = :id AND revoked_at IS NULL RETURNING " + VIEW_COLUMNS)
                .param("id", publicId).query(RelayKeyStore::view).optional();
    }

    private static KeyView view(ResultSet rs, int row) throws SQLException {
        return new KeyView(rs.getString("public_id"), rs.getString("user_id"), rs.getString("team_id"), models(rs),
                instant(rs, "expires_at"), (Integer) rs.getObject("rpm_limit"), (Long) rs.getObject("budget_micro_usd"),
                instant(rs, "created_at"), instant(rs, "rotated_at"), instant(rs, "previous_valid_until"),
                instant(rs, "revoked_at"), instant(rs, "read_at"));
    }

    private static Set<String> models(ResultSet rs) throws SQLException {
        Array array = rs.getArray("allowed_models");
        return array == null ? null : Set.of((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
