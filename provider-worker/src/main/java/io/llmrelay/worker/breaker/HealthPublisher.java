package io.llmrelay.worker.breaker;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.topic.Topic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this worker's breaker transitions to {@code llm.provider.health}, keyed by target ({@code provider/model}),
 * so that compaction keeps the latest state of every target for workers that start later. Sends happen on a thread
 * of their own, in order: a transition happens on a request's thread, which must not wait for Kafka (a send blocks
 * up to {@code max.block.ms} while the cluster is unreachable). A record Kafka does not take is logged and lost: the
 * breaker still works locally, and the next transition publishes the state again.
 */
final class HealthPublisher implements Consumer<BreakerStatus>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Producer<byte[], byte[]> producer;
    private final Topic<String, ProviderHealth> topic;
    private final ExecutorService sender =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("breaker-health-publisher").factory());

    HealthPublisher(Producer<byte[], byte[]> producer, Topic<String, ProviderHealth> topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public void accept(BreakerStatus status) {
        ProviderHealth record = ProviderHealth.newBuilder()
                .setProvider(status.target().provider())
                .setTarget(status.target().toString())
                .setState(status.state())
                .setReason(status.reason())
                .setSince(status.since())
                .setReportedBy(status.reportedBy())
                .build();
        try {
            sender.execute(() -> send(record));
        } catch (RejectedExecutionException closing) {
            log.info("breaker state {} of {} not written: the worker is stopping", status.state(), status.target());
        }
    }

    private void send(ProviderHealth record) {
        String key = record.getTarget();
        try {
            producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                    topic.valueSerde().serializer().serialize(topic.name(), record)), (metadata, error) -> {
                        if (error != null) {
                            log.warn("breaker state {} of {} not written to {}: {}", record.getState(), key,
                                    topic.name(), error.toString());
                        }
                    });
        } catch (KafkaException | IllegalStateException e) {
            log.warn("breaker state {} of {} not written to {}: {}", record.getState(), key, topic.name(),
                    e.toString());
        }
    }

    /** Sends what is queued, for a bounded time; the producer is closed by its owner. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("breaker states still queued after {} not written", CLOSE_TIMEOUT);
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
