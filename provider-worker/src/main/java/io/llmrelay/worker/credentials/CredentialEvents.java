package io.llmrelay.worker.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.llmrelay.schemas.AuditEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of the credential layer: every load, rotation, refusal, rejection by a provider and token refresh
 * is one {@link AuditEvent} on {@code llm.audit}, keyed by the provider id (so one provider's events stay in
 * order), naming keys by fingerprint only. A key marked bad also counts in {@code relay.provider.credential.bad}
 * by provider, the meter to alert on.
 *
 * <p>Events are handed to the publisher on a thread of their own, in order: a send to Kafka may block for
 * {@code max.block.ms} while the topic's metadata is unknown (Kafka down at start-up), and neither a provider call
 * waiting on {@link CredentialSupplier#rejected} nor the informer's thread may wait for that.
 */
final class CredentialEvents implements AutoCloseable {

    static final String LOADED = "credential.loaded";
    static final String ROTATED = "credential.rotated";
    static final String REMOVED = "credential.removed";
    static final String REJECTED = "provider.credential_rejected";
    static final String MARKED_BAD = "provider.credential_marked_bad";
    static final String TOKEN_REFRESHED = "oauth2.token_refreshed";
    static final String TOKEN_FAILED = "oauth2.token_failed";
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(CredentialEvents.class);

    private final Consumer<AuditEvent> sink;
    private final String actor;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Executor sender;

    /**
     * @param sink  where events go: {@code OutcomePublisher::audit}, which does not throw
     * @param actor this worker's instance id
     */
    CredentialEvents(Consumer<AuditEvent> sink, String actor, Clock clock, MeterRegistry registry) {
        this(sink, actor, clock, registry,
                Executors.newSingleThreadExecutor(Thread.ofVirtual().name("credential-audit").factory()));
    }

    /** @param sender runs the hand-overs in order; tests pass {@code Runnable::run} to see events at once */
    CredentialEvents(Consumer<AuditEvent> sink, String actor, Clock clock, MeterRegistry registry, Executor sender) {
        this.sender = sender;
        this.sink = sink;
        this.actor = actor;
        this.clock = clock;
        this.registry = registry;
    }

    void loaded(String provider, String entry, String fingerprint, String previousFingerprint) {
        Map<String, String> details = details("entry", entry);
        if (previousFingerprint != null) {
            details.put("previous_fingerprint", previousFingerprint);
        }
        emit(previousFingerprint == null ? LOADED : ROTATED, provider, SUCCESS, fingerprint, details);
    }

    void removed(String provider, String entry, String fingerprint) {
        emit(REMOVED, provider, SUCCESS, fingerprint, details("entry", entry));
    }

    void refused(String provider, String entry, EntryDecoder.Refused refused) {
        Map<String, String> details = details("entry", entry);
        details.put("reason", refused.reason());
        emit(refused.refusal().auditAction, provider, FAILURE, refused.fingerprint(), details);
    }

    /** @param next what happens now: the entry retried with, or "none" */
    void rejected(String provider, Credential used, String next) {
        Map<String, String> details = details("entry", used.name());
        details.put("retry_with", next);
        emit(REJECTED, provider, FAILURE, used.fingerprint(), details);
    }

    void markedBad(String provider, Credential used, int usableLeft) {
        Counter.builder("relay.provider.credential.bad")
                .description("Provider credentials marked bad after a 401/403 that a re-read did not cure")
                .tag("provider", provider).register(registry).increment();
        Map<String, String> details = details("entry", used.name());
        details.put("usable_left", Integer.toString(usableLeft));
        emit(MARKED_BAD, provider, FAILURE, used.fingerprint(), details);
    }

    void tokenRefreshed(String provider, String tokenFingerprint, long expiresInSeconds, String reason) {
        Map<String, String> details = details("expires_in_seconds", Long.toString(expiresInSeconds));
        details.put("reason", reason);
        emit(TOKEN_REFRESHED, provider, SUCCESS, tokenFingerprint, details);
    }

    void tokenFailed(String provider, String reason) {
        emit(TOKEN_FAILED, provider, FAILURE, null, details("reason", reason));
    }

    private static Map<String, String> details(String key, String value) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(key, value);
        return details;
    }

    private void emit(String action, String provider, String outcome, String fingerprint, Map<String, String> details) {
        AuditEvent event = AuditEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setActor(actor)
                .setAction(action)
                .setSubject(provider)
                .setOutcome(outcome)
                .setKeyFingerprint(fingerprint)
                .setDetails(Map.copyOf(details))
                .build();
        try {
            sender.execute(() -> sink.accept(event));
        } catch (RejectedExecutionException e) {
            log.warn("the audit event {} ({} of {}) is not sent: the worker is stopping", event.getEventId(), action,
                    provider);
        }
    }

    /** Waits a little for the events not yet handed to the publisher. */
    @Override
    public void close() {
        if (!(sender instanceof ExecutorService executor)) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("credential audit events not handed to Kafka within {} s of stopping are lost",
                        CLOSE_WAIT.toSeconds());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
