package io.llmrelay.aggregator.usage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.llmrelay.schemas.dlq.DeadLetter;
import io.llmrelay.schemas.topic.Topic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;

/** Copies records that can never be rows to a dead-letter topic, and waits until Kafka has them. */
public final class DeadLetterPublisher implements AutoCloseable {

    static final String FAILED_BY = "usage-aggregator";

    private final Producer<byte[], byte[]> producer;
    private final Topic<byte[], byte[]> topic;
    private final Clock clock;

    public DeadLetterPublisher(Producer<byte[], byte[]> producer, Topic<byte[], byte[]> topic, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
    }

    /**
     * Returns once every record is acknowledged, so the caller may commit the source offsets.
     *
     * @throws KafkaException when the dead-letter topic did not take them; the caller retries the batch
     */
    public void publish(List<Rejected> rejected) {
        List<Future<RecordMetadata>> sent = rejected.stream()
                .map(r -> producer.send(DeadLetter.of(topic, r.source(), r.reason(), FAILED_BY, clock.instant())))
                .toList();
        for (Future<RecordMetadata> ack : sent) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new KafkaException("dead-letter topic " + topic.name() + " did not take " + rejected.size()
                        + " records: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
