package io.llmrelay.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Stands in for provider-worker on the Kafka contract only: reads every request from the (prefixed)
 * {@code llm.requests}, asks {@code answer} for a result, and writes it to {@code llm.results} on the partition the
 * request's reply route names. Nothing of request-ingest is faked.
 */
final class FakeWorker implements AutoCloseable {

    private final KafkaConsumer<String, CompletionRequest> consumer;
    private final KafkaProducer<String, CompletionResult> producer;
    private final Topic<String, CompletionResult> results;
    private final Function<CompletionRequest, Optional<CompletionResult>> answer;
    private final List<CompletionRequest> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private FakeWorker(TestTopics topics, Function<CompletionRequest, Optional<CompletionResult>> answer) {
        Topic<String, CompletionRequest> requests = topics.of(Topics.REQUESTS);
        this.results = topics.of(Topics.RESULTS);
        this.answer = answer;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                requests.keySerde().deserializer(), requests.valueSerde().deserializer());
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), results.keySerde().serializer(), results.valueSerde().serializer());
        List<TopicPartition> partitions = consumer.partitionsFor(requests.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        partitions.forEach(consumer::position);
        this.thread = Thread.ofPlatform().name("fake-worker").daemon(true).start(this::run);
    }

    static FakeWorker start(TestTopics topics, Function<CompletionRequest, Optional<CompletionResult>> answer) {
        return new FakeWorker(topics, answer);
    }

    /** Answers by the last message's text, so a test picks the outcome through what it asks. */
    static Optional<CompletionResult> byScenario(CompletionRequest request) {
        String prompt = request.getMessages().getLast().getContent();
        return Scenario.of(prompt).answer(request);
    }

    List<CompletionRequest> received() {
        return List.copyOf(received);
    }

    List<CompletionRequest> receivedFrom(String userId) {
        return received.stream().filter(r -> r.getUserId().equals(userId)).toList();
    }

    /** Writes a result directly, as a worker answering a request of some other replica would. */
    void send(CompletionResult result, int partition) {
        producer.send(new ProducerRecord<>(results.name(), partition, result.getRequestId(), result));
        producer.flush();
    }

    static CompletionResult.Builder succeeded(CompletionRequest request, String content) {
        return CompletionResult.newBuilder()
                .setRequestId(request.getRequestId()).setUserId(request.getUserId()).setTeamId(request.getTeamId())
                .setKeyId(request.getKeyId()).setStatus(CompletionStatus.SUCCEEDED)
                .setRequestedModel(request.getModel()).setProvider("mock").setModel(request.getModel())
                .setContent(content).setFinishReason("stop").setUsage(new TokenUsage(11, 7, 0))
                .setCostMicros(42).setLatencyMs(3).setAttempts(1).setCompletedAt(Instant.now());
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, CompletionRequest> record : consumer.poll(Duration.ofMillis(200))) {
                    CompletionRequest request = record.value();
                    received.add(request);
                    answer.apply(request).ifPresent(result -> producer.send(new ProducerRecord<>(results.name(),
                            request.getReplyTo().getPartition(), request.getRequestId(), result)));
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
        producer.close();
    }
}
