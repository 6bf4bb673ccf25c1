package io.llmrelay.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.ReplyRoute;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka-native path: a service producing {@code CompletionRequest}s and reading its own results from
 * one partition of {@code llm.results}, the way request-ingest does.
 */
final class KafkaScenario implements AutoCloseable {

    private final Topic<String, CompletionRequest> requests;
    private final KafkaProducer<String, CompletionRequest> producer;
    private final KafkaConsumer<String, CompletionResult> consumer;
    private final ReplyRoute replyTo;
    private final Map<String, CompletableFuture<CompletionResult>> pending = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    KafkaScenario(String bootstrapServers, String prefix, int replyPartition) {
        this.requests = Topics.REQUESTS.withPrefix(prefix);
        Topic<String, CompletionResult> results = Topics.RESULTS.withPrefix(prefix);
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "linger.ms", 1, "acks", "all"),
                requests.keySerde().serializer(), requests.valueSerde().serializer());
        this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers),
                results.keySerde().deserializer(), results.valueSerde().deserializer());
        TopicPartition partition = new TopicPartition(results.name(), replyPartition);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        this.replyTo = new ReplyRoute(replyPartition, "benchmark");
        this.reader = Thread.ofPlatform().name("bench-results").start(this::read);
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<String, CompletionResult> record : consumer.poll(Duration.ofMillis(100))) {
                CompletableFuture<CompletionResult> future = pending.remove(record.key());
                if (future != null) {
                    future.complete(record.value());
                }
            }
        }
    }

    boolean call(int index) throws Exception {
        CompletionRequest request = Requests.kafka(replyTo, Duration.ofSeconds(60));
        CompletableFuture<CompletionResult> future = new CompletableFuture<>();
        pending.put(request.getRequestId(), future);
        producer.send(new ProducerRecord<>(requests.name(), request.getUserId(), request));
        return future.get(60, TimeUnit.SECONDS).getStatus() == CompletionStatus.SUCCEEDED;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join();
        consumer.close();
        producer.close();
    }
}
