package io.llmrelay.worker.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.llmrelay.schemas.BreakerState;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.kafka.KafkaCluster;
import io.llmrelay.worker.cost.ModelLabels;
import io.llmrelay.worker.cost.PriceTable;
import io.llmrelay.worker.kafka.KafkaSettings;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.ProviderFailure;
import io.llmrelay.worker.provider.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Breakers of several "workers" (each with its own producer, consumer and breakers, as separate processes would have)
 * sharing one health topic on a real broker.
 */
class SharedBreakersIT {

    private static final Target GPT = new Target("openai", "gpt-4o-mini");
    private static final Duration WAIT_OPEN = Duration.ofSeconds(4);

    private final KafkaCluster kafka = SharedInfra.kafka();
    private final String prefix = "it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".";
    private final Topic<String, ProviderHealth> topic = Topics.PROVIDER_HEALTH.withPrefix(prefix);
    private final List<Worker> workers = new ArrayList<>();

    private void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, List.of(topic), kafka.replicationFactor());
        }
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(Worker::close);
    }

    @Test
    void anOpenBreakerIsSharedWithRunningAndNewWorkersAndSoIsItsRecovery() {
        createTopic();
        Worker a = start("worker-a");
        Worker b = start("worker-b");

        for (int i = 0; i < 5; i++) {
            assertThat(a.breakers.tryAcquire(GPT)).isTrue();
            a.breakers.record(GPT, serverError());
        }
        assertThat(a.breakers.state(GPT)).isEqualTo(BreakerState.OPEN);
        Instant openedAt = a.breakers.states().getFirst().since();

        await().atMost(Duration.ofSeconds(10)).until(() -> b.breakers.state(GPT) == BreakerState.OPEN);
        assertThat(b.breakers.tryAcquire(GPT)).isFalse();
        assertThat(b.breakers.states()).singleElement().satisfies(status -> {
            assertThat(status.reportedBy()).isEqualTo("worker-a");
            assertThat(status.since()).isEqualTo(openedAt);
            assertThat(status.reason()).isEqualTo("5 consecutive failures, the last provider_error 503");
        });

        Worker c = start("worker-c");
        assertThat(c.caughtUp).as("read the topic to its end while starting").isTrue();
        assertThat(c.breakers.state(GPT)).as("a worker started later starts open").isEqualTo(BreakerState.OPEN);
        assertThat(c.breakers.states().getFirst().since()).isEqualTo(openedAt);

        await().atMost(WAIT_OPEN.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> a.breakers.tryAcquire(GPT));
        assertThat(a.breakers.state(GPT)).isEqualTo(BreakerState.HALF_OPEN);
        a.breakers.record(GPT, success());
        assertThat(a.breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(b.breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);
            assertThat(c.breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);
        });
        assertThat(b.breakers.tryAcquire(GPT)).isTrue();
        assertThat(b.breakers.states().getFirst().reportedBy()).isEqualTo("worker-a");

        List<ProviderHealth> onTopic = await().atMost(Duration.ofSeconds(10)).until(this::readAll,
                records -> records.size() >= 3);
        assertThat(onTopic).as("only the worker whose calls moved the breaker publishes; peers do not echo")
                .allSatisfy(record -> {
                    assertThat(record.getReportedBy()).isEqualTo("worker-a");
                    assertThat(record.getProvider()).isEqualTo("openai");
                    assertThat(record.getTarget()).isEqualTo("openai/gpt-4o-mini");
                })
                .extracting(ProviderHealth::getState)
                .containsExactly(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED);
    }

    @Test
    void aPeersProbeFailingReopensEveryBreaker() {
        createTopic();
        Worker a = start("worker-a");
        Worker b = start("worker-b");
        for (int i = 0; i < 5; i++) {
            a.breakers.tryAcquire(GPT);
            a.breakers.record(GPT, serverError());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> b.breakers.state(GPT) == BreakerState.OPEN);

        await().atMost(WAIT_OPEN.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> b.breakers.tryAcquire(GPT));
        b.breakers.record(GPT, new AttemptResult.Failed(new ProviderFailure.Timeout("openai", "no answer"), stats()));
        assertThat(b.breakers.state(GPT)).isEqualTo(BreakerState.OPEN);
        Instant reopenedAt = b.breakers.states().getFirst().since();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(a.breakers.states().getFirst()).satisfies(status -> {
                    assertThat(status.state()).isEqualTo(BreakerState.OPEN);
                    assertThat(status.since()).isEqualTo(reopenedAt);
                    assertThat(status.reportedBy()).isEqualTo("worker-b");
                    assertThat(status.reason()).isEqualTo("probe call failed: provider_timeout");
                }));
    }

    @Test
    void aWorkerStartedBeforeTheTopicExistsStartsWithinItsWaitAndAppliesStatesOnceItExists() {
        Worker late = new Worker("worker-late", Duration.ofSeconds(1));
        workers.add(late);
        assertThat(late.caughtUp).isFalse();

        createTopic();
        Worker a = start("worker-a");
        for (int i = 0; i < 5; i++) {
            a.breakers.tryAcquire(GPT);
            a.breakers.record(GPT, serverError());
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> late.breakers.state(GPT) == BreakerState.OPEN);
        assertThat(late.breakers.states().getFirst().reportedBy()).isEqualTo("worker-a");
    }

    private Worker start(String id) {
        Worker worker = new Worker(id);
        workers.add(worker);
        return worker;
    }

    private List<ProviderHealth> readAll() {
        try (KafkaConsumer<String, ProviderHealth> reader = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            List<ProviderHealth> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
                for (ConsumerRecord<String, ProviderHealth> record : reader.poll(Duration.ofMillis(200))) {
                    assertThat(record.key()).isEqualTo("openai/gpt-4o-mini");
                    records.add(record.value());
                }
            }
            return records;
        }
    }

    private static AttemptResult serverError() {
        return new AttemptResult.Failed(new ProviderFailure.ServerError("openai", 503, "overloaded", Optional.empty()),
                stats());
    }

    private static AttemptResult success() {
        return new AttemptResult.Answered(new AttemptResult.Completion("r1", "gpt-4o-mini", "hi", "stop",
                new TokenUsage(10, 2, 0)), stats());
    }

    private static AttemptResult.Stats stats() {
        return new AttemptResult.Stats(100, 200, Duration.ofMillis(50), Instant.now());
    }

    /** What one worker process holds: a producer, the publisher, the breakers and the listener. */
    private final class Worker implements AutoCloseable {

        final KafkaProducer<byte[], byte[]> producer;
        final HealthPublisher publisher;
        final ProviderBreakers breakers;
        final HealthListener listener;
        final boolean caughtUp;

        Worker(String id) {
            this(id, Duration.ofSeconds(10));
        }

        Worker(String id, Duration startupWait) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
            publisher = new HealthPublisher(producer, topic);
            breakers = new ProviderBreakers(new BreakerSettings(true, 5, WAIT_OPEN, 1, Duration.ofSeconds(10)), id,
                    Clock.systemUTC(), new BreakerMetrics(new SimpleMeterRegistry(),
                    new ModelLabels(PriceTable.of(List.of()))), publisher);
            KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), prefix, Map.of());
            listener = new HealthListener(BreakerConfiguration.healthConsumer(settings, id), topic, breakers::apply);
            try {
                caughtUp = listener.start(startupWait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            listener.close();
            publisher.close();
            producer.close();
        }
    }
}
