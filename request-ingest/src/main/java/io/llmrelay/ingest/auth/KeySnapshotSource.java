package io.llmrelay.ingest.auth;

import java.util.List;

/** Where {@link DatabaseRelayKeys} reads the live keys from: one query, all of them. */
@FunctionalInterface
public interface KeySnapshotSource {

    /**
     * Every key that is neither revoked nor expired now.
     *
     * @throws RuntimeException when the store cannot be read; the caller keeps its last snapshot
     */
    List<StoredKey> liveKeys();
}
