package io.llmrelay.worker.publish;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.dlq.DeadLetter;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.worker.kafka.WorkerTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what became of a request and returns only once Kafka has acknowledged every record (acks=all),
 * so that the caller may then let the request's offset be committed. Sends that fail for a transient
 * reason (broker down, leader moving) are repeated until acknowledged or the worker stops; duplicates
 * carry the same request id (and attempt id) and are harmless.
 */
public final class OutcomePublisher {

    private static final Logger log = LoggerFactory.getLogger(OutcomePublisher.class);
    private static final Duration PAUSE_BEFORE_RESEND = Duration.ofSeconds(1);

    private final Producer<byte[], byte[]> producer;
    private final WorkerTopics topics;
    private final String workerId;
    private final Clock clock;
    private final ResultPartitions resultPartitions;
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder auditsLost = new LongAdder();

    public OutcomePublisher(Producer<byte[], byte[]> producer, WorkerTopics topics, String workerId, Clock clock) {
        this.producer = producer;
        this.topics = topics;
        this.workerId = workerId;
        this.clock = clock;
        this.resultPartitions = new ResultPartitions(producer, topics.results().name());
    }

    /**
     * Sends the usage events and then the result, keyed by user id and request id.
     *
     * @param partition partition of the results topic the requester reads, or null to partition by key; one
     *                  that does not exist is replaced by the key's ({@link ResultPartitions})
     */
    public void publish(CompletionResult result, Integer partition, List<UsageEvent> usage)
            throws InterruptedException {
        sendAll(() -> {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (UsageEvent event : usage) {
                records.add(record(topics.usage(), null, event.getUserId(), event));
            }
            records.add(record(topics.results(), resultPartitions.route(partition, result.getRequestId()),
                    result.getRequestId(), result));
            return records;
        }, "result of request " + result.getRequestId());
    }

    /**
     * Parks a request no provider could answer on the retry topic, with the usage of the attempts made so far, and
     * waits until Kafka has both. The parked record carries the request's original value bytes and key; its headers
     * ({@link ParkedRequest}) say when to try again and how often it was tried.
     */
    public void park(ConsumerRecord<byte[], byte[]> source, ParkedRequest parked, List<UsageEvent> usage)
            throws InterruptedException {
        sendAll(() -> {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (UsageEvent event : usage) {
                records.add(record(topics.usage(), null, event.getUserId(), event));
            }
            ProducerRecord<byte[], byte[]> retry = new ProducerRecord<>(topics.requestsRetry().name(), null,
                    source.key(), source.value());
            parked.writeTo(retry.headers());
            records.add(retry);
            return records;
        }, "parked request " + parked.requestId());
    }

    /** Copies a record that cannot be processed to the dead-letter topic, with headers saying why. */
    public void deadLetter(ConsumerRecord<byte[], byte[]> source, Exception error) throws InterruptedException {
        sendAll(() -> List.of(DeadLetter.of(topics.requestsDlq(), source, error, workerId, clock.instant())),
                "dead letter of " + source.topic() + "-" + source.partition() + "@" + source.offset());
        deadLettered.increment();
    }

    /**
     * Sends an audit event keyed by its subject and returns without waiting for the acknowledgement: an audit
     * record must neither hold up nor fail the answer to a request. The producer retries it as any record (acks=all,
     * up to {@code delivery.timeout.ms}); if it still fails, or the send throws at once, the event is logged and
     * counted ({@link #auditsLostCount()}) and not sent again.
     */
    public void audit(AuditEvent event) {
        String what = "audit event " + event.getEventId() + " (" + event.getAction() + " of " + event.getSubject()
                + ")";
        try {
            producer.send(record(topics.audit(), null, event.getSubject(), event), (metadata, e) -> {
                if (e != null) {
                    auditLost(what, e);
                }
            });
        } catch (RuntimeException e) {
            // producer closed, interrupted while waiting for metadata (the interrupt flag stays set), or an event that
            // cannot be serialized: the audit's failure, not the request's
            auditLost(what, e);
        }
    }

    /** Audit events that could not be written since start. */
    public long auditsLostCount() {
        return auditsLost.sum();
    }

    private void auditLost(String what, Exception cause) {
        auditsLost.increment();
        log.error("cannot write the {} to Kafka ({}); it is lost, the request's answer is not affected", what,
                cause.toString());
    }

    /** Records sent to the dead-letter topic since start. */
    public long deadLetteredCount() {
        return deadLettered.sum();
    }

    private static <V> ProducerRecord<byte[], byte[]> record(Topic<String, V> topic, Integer partition, String key,
                                                             V value) {
        return new ProducerRecord<>(topic.name(), partition, topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    /**
     * Sends what {@code records} makes until all of it is acknowledged. The records are made again for each
     * round, inside the same error handling, because making them may ask the producer for metadata; the
     * events in them are the same objects, so a resent usage event keeps its attempt id.
     */
    private void sendAll(Supplier<List<ProducerRecord<byte[], byte[]>>> records, String what)
            throws InterruptedException {
        while (true) {
            try {
                List<Future<RecordMetadata>> acks = records.get().stream().map(producer::send).toList();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
                return;
            } catch (ExecutionException e) {
                failedOnce(what, e.getCause());
            } catch (InterruptException e) {
                InterruptedException interrupted = new InterruptedException("interrupted while writing the " + what);
                interrupted.initCause(e);
                throw interrupted;
            } catch (KafkaException e) {
                failedOnce(what, e);
            }
            Thread.sleep(PAUSE_BEFORE_RESEND);
        }
    }

    private static void failedOnce(String what, Throwable cause) {
        if (!(cause instanceof RetriableException)) {
            throw new PublishException("cannot write the " + what + " to Kafka: " + cause, cause);
        }
        log.warn("writing the {} to Kafka failed ({}); sending again in {} ms", what, cause.toString(),
                PAUSE_BEFORE_RESEND.toMillis());
    }
}
