package io.llmrelay.ingest.admin;

import java.time.Instant;
import java.util.Set;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A stored key as the admin API shows it: public id and settings, never the key or its hash.
 *
 * @param previousValidUntil end of the grace period of the key replaced by the last rotation
 * @param status             {@code active}, {@code expired} or {@code revoked}, as of {@code readAt}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record KeyView(String id, String userId, String teamId, Set<String> allowedModels, Instant expiresAt,
               Integer rpmLimit, Long budgetMicroUsd, Instant createdAt, Instant rotatedAt,
               Instant previousValidUntil, Instant revokedAt, String status) {

    KeyView(String id, String userId, String teamId, Set<String> allowedModels, Instant expiresAt, Integer rpmLimit,
            Long budgetMicroUsd, Instant createdAt, Instant rotatedAt, Instant previousValidUntil, Instant revokedAt,
            Instant readAt) {
        this(id, userId, teamId, allowedModels, expiresAt, rpmLimit, budgetMicroUsd, createdAt, rotatedAt,
                previousValidUntil != null && previousValidUntil.isAfter(readAt) ? previousValidUntil : null,
                revokedAt, revokedAt != null ? "revoked"
                        : expiresAt != null && !expiresAt.isAfter(readAt) ? "expired" : "active");
    }
}
