package io.llmrelay.ingest.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who a request is from, as established by its relay key, and what that key allows. Holds public ids only, never
 * the key.
 *
 * @param teamId        null when the key belongs to no team
 * @param allowedModels models (or route aliases) the key may use; null means every model the relay serves
 * @param rpmLimit      requests per minute allowed to the key on this replica; null means no per-key limit
 */
public record Caller(String keyId, String userId, String teamId, Set<String> allowedModels, Integer rpmLimit) {

    /** Request attribute under which the authenticated caller is stored for the handlers. */
    public static final String ATTRIBUTE = "io.llmrelay.ingest.auth.Caller";

    public Caller {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(userId, "userId");
        allowedModels = allowedModels == null ? null : Set.copyOf(allowedModels);
    }

    /** A caller whose key may use every model, without a per-key rate limit (keys from configuration). */
    public Caller(String keyId, String userId, String teamId) {
        this(keyId, userId, teamId, null, null);
    }

    /**
     * @throws ModelNotAllowedException when the key is restricted to other models
     */
    public void requireModelAllowed(String model) {
        if (allowedModels != null && !allowedModels.contains(model)) {
            throw new ModelNotAllowedException(keyId, model);
        }
    }
}
