package io.llmrelay.ingest.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A live (not revoked) relay key as stored in PostgreSQL: hashes and what the key allows, never the key.
 *
 * @param keyHash            SHA-256 hex of the current key
 * @param previousKeyHash    SHA-256 hex of the key replaced by the last rotation, or null
 * @param previousValidUntil end of that key's grace period; null exactly when {@code previousKeyHash} is
 * @param expiresAt          null when the key never expires
 */
public record StoredKey(String publicId, String keyHash, String userId, String teamId, Set<String> allowedModels,
                        Instant expiresAt, Integer rpmLimit, String previousKeyHash, Instant previousValidUntil) {

    public StoredKey {
        Objects.requireNonNull(publicId, "publicId");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(userId, "userId");
        allowedModels = allowedModels == null ? null : Set.copyOf(allowedModels);
    }

    Caller caller() {
        return new Caller(publicId, userId, teamId, allowedModels, rpmLimit);
    }
}
