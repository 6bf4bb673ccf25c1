package io.llmrelay.aggregator.usage;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.kafka.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The usage topic and its dead-letter topic under a prefix of their own on the shared test broker (or another),
 * with a producer for events and for raw bytes, and a reader for dead letters.
 */
final class UsageTopics implements AutoCloseable {

    final String prefix = "it-" + randomHex() + ".";
    final Topic<String, UsageEvent> usage = Topics.USAGE.withPrefix(prefix);
    final Topic<byte[], byte[]> deadLetters = Topics.USAGE_DLQ.withPrefix(prefix);

    private final KafkaCluster kafka;
    private final KafkaProducer<String, UsageEvent> events;
    private final KafkaProducer<byte[], byte[]> raw;

    UsageTopics() {
        this(SharedInfra.kafka());
    }

    /** On a cluster of the test's own, e.g. one it stops. */
    UsageTopics(KafkaCluster kafka) {
        this.kafka = kafka;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, List.of(usage, deadLetters), kafka.replicationFactor());
        }
        Map<String, Object> producer = Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 0);
        events = new KafkaProducer<>(producer, usage.keySerde().serializer(), usage.valueSerde().serializer());
        raw = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static String randomHex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Aggregator properties pointing at these topics and a consumer group of its own. */
    Map<String, String> aggregatorProperties(String jdbcUrl, String user, String password) {
        return Map.of(
                "relay.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "relay.kafka.topic-prefix", prefix,
                "relay.aggregator.group-id", "it-aggregator-" + randomHex(),
                "spring.datasource.url", jdbcUrl,
                "spring.datasource.username", user,
                "spring.datasource.password", password);
    }

    /** Keyed by user id, as the worker writes them. */
    RecordMetadata send(UsageEvent event) {
        return acknowledged(events.send(new ProducerRecord<>(usage.name(), event.getUserId(), event)));
    }

    RecordMetadata sendRaw(byte[] key, byte[] value) {
        return acknowledged(raw.send(new ProducerRecord<>(usage.name(), key, value)));
    }

    /** Reads the dead-letter topic from the start until {@code expected} records have arrived. */
    List<ConsumerRecord<byte[], byte[]>> readDeadLetters(int expected) {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "it-dlq-reader-" + randomHex(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(deadLetters.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return read.size() >= expected;
            });
        }
        return read;
    }

    /** The offset the group has committed on the usage topic's partition, or -1 when none. */
    long committedOffset(String groupId, int partition) {
        TopicPartition tp = new TopicPartition(usage.name(), partition);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get().get(tp);
            return committed == null ? -1 : committed.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read committed offsets of " + groupId, e.getCause());
        }
    }

    private static RecordMetadata acknowledged(Future<RecordMetadata> sent) {
        try {
            return sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("test producer could not send", e.getCause());
        }
    }

    @Override
    public void close() {
        events.close();
        raw.close();
    }
}
