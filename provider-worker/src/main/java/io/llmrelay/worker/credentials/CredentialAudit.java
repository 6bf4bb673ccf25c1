package io.llmrelay.worker.credentials;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.ProviderFailure.CredentialRejected;
import io.llmrelay.worker.publish.OutcomePublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Makes every provider attempt whose key was rejected (401/403) visible to operators: one {@code AuditEvent}
 * ({@value #ACTION}) on {@code llm.audit}, keyed by the provider id, and the counter
 * {@code relay.provider.credential.rejections} by provider. The event names the key by its fingerprint only.
 * Writing the event does not wait for Kafka; a lost event is logged and counted by the publisher.
 */
public final class CredentialAudit {

    static final String ACTION = "provider.credential_rejected";
    static final String OUTCOME = "failure";

    private final OutcomePublisher publisher;
    private final String actor;
    private final String keyFingerprint;
    private final MeterRegistry registry;

    /**
     * @param actor          this worker's instance id
     * @param keyFingerprint fingerprint of the provider key the worker sends ({@code Secret#fingerprint})
     */
    public CredentialAudit(OutcomePublisher publisher, String actor, String keyFingerprint, MeterRegistry registry) {
        this.publisher = publisher;
        this.actor = actor;
        this.keyFingerprint = keyFingerprint;
        this.registry = registry;
    }

    /** Counts and audits each of {@code attempts} that ended in a rejected credential. */
    public void rejectedIn(CompletionRequest request, List<AttemptResult> attempts) {
        for (AttemptResult attempt : attempts) {
            if (attempt instanceof AttemptResult.Failed(CredentialRejected rejected, AttemptResult.Stats stats)) {
                Counter.builder("relay.provider.credential.rejections")
                        .description("Provider attempts answered 401 or 403: the provider rejected the worker's key")
                        .tag("provider", rejected.provider())
                        .register(registry).increment();
                publisher.audit(event(request, rejected, stats.endedAt()));
            }
        }
    }

    /** @param at when the attempt ended, read from the worker's clock */
    private AuditEvent event(CompletionRequest request, CredentialRejected rejected, Instant at) {
        return AuditEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(at)
                .setActor(actor)
                .setAction(ACTION)
                .setSubject(rejected.provider())
                .setOutcome(OUTCOME)
                .setKeyFingerprint(keyFingerprint)
                .setDetails(Map.of("status", Integer.toString(rejected.status()), "model", request.getModel(),
                        "request_id", request.getRequestId()))
                .build();
    }
}
