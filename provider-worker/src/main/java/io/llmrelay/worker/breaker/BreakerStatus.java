package io.llmrelay.worker.breaker;

import java.time.Instant;

import io.llmrelay.schemas.BreakerState;
import io.llmrelay.worker.provider.Target;

/**
 * Where one target's breaker stands and how it got there, as the operator endpoint lists it and as it is published
 * on {@code llm.provider.health}.
 *
 * @param since      when the breaker entered {@code state}, on the clock of the worker that reported it
 * @param reason     why, e.g. {@code 5 consecutive failures, the last provider_error 503}; never a credential
 * @param reportedBy instance id of the worker whose calls caused the transition (this worker's, or a peer's whose
 *                   record was applied)
 */
public record BreakerStatus(Target target, BreakerState state, Instant since, String reason, String reportedBy) {
}
