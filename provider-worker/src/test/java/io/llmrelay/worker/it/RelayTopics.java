package io.llmrelay.worker.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.kafka.KafkaCluster;
import io.llmrelay.worker.kafka.WorkerTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A test's own set of relay topics on the shared broker (or another), under a random prefix, and a producer for
 * requests (and for arbitrary bytes, to write poison records).
 */
final class RelayTopics implements AutoCloseable {

    final KafkaCluster kafka;
    final String prefix = "it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".";
    final WorkerTopics topics = WorkerTopics.withPrefix(prefix);
    private final KafkaProducer<byte[], byte[]> producer;

    RelayTopics() {
        this(SharedInfra.kafka());
    }

    /** On a cluster of the test's own, e.g. one it stops. */
    RelayTopics(KafkaCluster kafka) {
        this.kafka = kafka;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<Topic<?, ?>> all = List.of(topics.requests(), topics.results(), topics.usage(), topics.requestsDlq(),
                    topics.audit(), topics.providerHealth(), topics.requestsRetry(), topics.budgetStatus(),
                    topics.budgets());
            TopicProvisioner.ensure(admin, all, kafka.replicationFactor());
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    void send(CompletionRequest request) {
        Topic<String, CompletionRequest> requests = topics.requests();
        sendBytes(requests.keySerde().serializer().serialize(requests.name(), request.getUserId()),
                requests.valueSerde().serializer().serialize(requests.name(), request));
    }

    /** Writes all, then waits for every acknowledgement. */
    void sendAll(List<CompletionRequest> requests) {
        Topic<String, CompletionRequest> topic = topics.requests();
        List<java.util.concurrent.Future<?>> acks = requests.stream().<java.util.concurrent.Future<?>>map(request ->
                producer.send(new ProducerRecord<>(topic.name(),
                        topic.keySerde().serializer().serialize(topic.name(), request.getUserId()),
                        topic.valueSerde().serializer().serialize(topic.name(), request)))).toList();
        try {
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write a request", e.getCause());
        }
    }

    void sendBytes(byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topics.requests().name(), key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write a request", e.getCause());
        }
    }

    /** Writes a record to any of the test's topics with the topic's serdes; a null value is a tombstone. */
    <K, V> void write(Topic<K, V> topic, K key, V value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                    value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic.name(), e.getCause());
        }
    }

    /** Sends {@code count} requests for {@code model} (prompts "hello 0", "hello 1"...) and returns them. */
    List<CompletionRequest> sendRequests(int count, String model) {
        List<CompletionRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(Requests.request("hello " + i).setModel(model).build());
        }
        sendAll(requests);
        return requests;
    }

    /** Waits until every request has a result; the first result of each, by request id. */
    Map<String, CompletionResult> awaitResults(List<CompletionRequest> requests, Duration atMost) {
        Set<String> ids = requests.stream().map(CompletionRequest::getRequestId)
                .collect(Collectors.toSet());
        try (TopicReader<String, CompletionResult> results = reader(topics.results())) {
            await().atMost(atMost).until(() -> results.records().stream()
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toSet()).containsAll(ids));
            return results.records().stream().filter(r -> ids.contains(r.key()))
                    .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value, (first, later) -> first));
        }
    }

    <K, V> TopicReader<K, V> reader(Topic<K, V> topic) {
        return new TopicReader<>(kafka.bootstrapServers(), topic);
    }

    @Override
    public void close() {
        producer.close();
    }
}
