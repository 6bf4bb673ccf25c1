package io.llmrelay.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the test's {@code llm.audit} from the beginning in the background: the events and their raw values. */
final class AuditTail implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topic<String, AuditEvent> topic;
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final List<byte[]> rawValues = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    AuditTail(TestTopics topics) {
        this.topic = topics.of(Topics.AUDIT);
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = Thread.ofPlatform().name("audit-tail").daemon(true).start(this::run);
    }

    List<AuditEvent> events() {
        return List.copyOf(events);
    }

    List<AuditEvent> events(String action, String subject) {
        return events.stream().filter(e -> e.getAction().equals(action) && e.getSubject().equals(subject)).toList();
    }

    List<byte[]> rawValues() {
        return List.copyOf(rawValues);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    rawValues.add(record.value());
                    events.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
