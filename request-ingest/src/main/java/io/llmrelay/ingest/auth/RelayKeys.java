package io.llmrelay.ingest.auth;

import java.util.Optional;

/**
 * Looks up the caller a presented relay key belongs to. Implementations keep only hashes of keys and compare in
 * constant time. This version reads keys from configuration; a later one reads hashed keys from PostgreSQL (with
 * revocation and budgets) behind the same interface.
 */
public interface RelayKeys {

    /** The caller owning {@code presentedKey}, or empty when the key is unknown (or revoked). */
    Optional<Caller> find(String presentedKey);
}
