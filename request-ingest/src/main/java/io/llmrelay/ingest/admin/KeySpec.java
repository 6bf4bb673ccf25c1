package io.llmrelay.ingest.admin;

import java.time.Instant;
import java.util.Set;

/**
 * What an administrator asks for when creating a key, validated ({@link KeyRequests}).
 *
 * @param allowedModels null for every model the relay serves
 * @param expiresAt     null for a key that does not expire
 * @param rpmLimit      null for no per-key limit
 * @param budgetMicroUsd null for no budget of the key's own
 */
record KeySpec(String userId, String teamId, Set<String> allowedModels, Instant expiresAt, Integer rpmLimit,
               Long budgetMicroUsd) {
}
