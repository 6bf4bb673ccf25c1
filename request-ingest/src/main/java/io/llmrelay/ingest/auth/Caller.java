package io.llmrelay.ingest.auth;

import java.util.Objects;

/**
 * Who a request is from, as established by its relay key. Holds public ids only, never the key.
 *
 * @param teamId null when the key belongs to no team
 */
public record Caller(String keyId, String userId, String teamId) {

    /** Request attribute under which the authenticated caller is stored for the handlers. */
    public static final String ATTRIBUTE = "io.llmrelay.ingest.auth.Caller";

    public Caller {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(userId, "userId");
    }
}
