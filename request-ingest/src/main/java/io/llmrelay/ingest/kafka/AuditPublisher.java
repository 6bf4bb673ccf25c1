package io.llmrelay.ingest.kafka;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.time.Clock;

import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.schemas.topic.Topic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link AuditEvent}s to {@code llm.audit}, keyed by subject. Events carry public ids and at most a short
 * fingerprint, never a key; building them here keeps the field conventions (actor, outcome) in one place.
 *
 * <p>{@link #publish} never throws and never blocks the caller beyond handing the record to the producer, whose
 * {@code max.block.ms} is short for this producer (see {@link KafkaConfiguration}); a failed send is logged.
 */
public final class AuditPublisher {

    private static final Logger log = LoggerFactory.getLogger(AuditPublisher.class);

    private final Producer<String, AuditEvent> producer;
    private final Topic<String, AuditEvent> topic;
    private final String instanceActor;
    private final Clock clock;

    AuditPublisher(Producer<String, AuditEvent> producer, Topic<String, AuditEvent> topic, String instanceId,
                   Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.instanceActor = "request-ingest/" + instanceId;
        this.clock = clock;
    }

    /** An administrator acted on a relay key ({@code relay_key.created|rotated|revoked}). */
    public CompletableFuture<Void> adminAction(String action, String publicId, String keyFingerprint,
                                               Map<String, String> details) {
        return publish(event("admin", action, publicId, "success", keyFingerprint, details));
    }

    /** Something this replica did or refused on its own, e.g. {@code relay_key.rejected}. */
    public CompletableFuture<Void> serviceEvent(String action, String subject, String outcome,
                                                Map<String, String> details) {
        return publish(event(instanceActor, action, subject, outcome, null, details));
    }

    private AuditEvent event(String actor, String action, String subject, String outcome, String keyFingerprint,
                             Map<String, String> details) {
        return AuditEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(clock.instant())
                .setActor(actor).setAction(action).setSubject(subject).setOutcome(outcome)
                .setKeyFingerprint(keyFingerprint).setDetails(Map.copyOf(details)).build();
    }

    private CompletableFuture<Void> publish(AuditEvent event) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic.name(), event.getSubject(), event), (metadata, error) -> {
                if (error != null) {
                    log.error("audit event {} {} on {} was not written to {}: {}", event.getAction(),
                            event.getEventId(), event.getSubject(), topic.name(), error.toString());
                    acknowledged.completeExceptionally(error);
                } else {
                    acknowledged.complete(null);
                }
            });
        } catch (KafkaException e) {
            log.error("audit event {} {} on {} was not written to {}: {}", event.getAction(), event.getEventId(),
                    event.getSubject(), topic.name(), e.toString());
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }
}
