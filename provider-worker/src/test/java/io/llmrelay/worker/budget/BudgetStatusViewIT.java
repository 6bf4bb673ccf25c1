package io.llmrelay.worker.budget;

import static io.llmrelay.worker.budget.Budgets.NOW;
import static io.llmrelay.worker.budget.Budgets.request;
import static io.llmrelay.worker.budget.Budgets.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmrelay.testkit.time.MutableClock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.budget.BudgetPeriods;
import io.llmrelay.schemas.kafka.CompactedTopicView;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.kafka.KafkaCluster;
import io.llmrelay.worker.kafka.KafkaSettings;
import io.llmrelay.worker.kafka.WorkerTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's copies of the budget topics on a real broker, each test under its own topic prefix. */
class BudgetStatusViewIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaCluster kafka = SharedInfra.kafka();
    private final WorkerTopics topics = WorkerTopics.withPrefix(
            "it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".");
    private final KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), "", Map.of());
    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
            new ByteArraySerializer(), new ByteArraySerializer());
    private final List<CompactedTopicView<?>> views = new ArrayList<>();

    @AfterEach
    void close() {
        views.forEach(CompactedTopicView::close);
        producer.close();
    }

    @Test
    void startsWithWhatIsOnTheTopicsAndFollowsUpdatesAndTombstones() {
        createTopics();
        send(topics.budgets(), "team:x", budget("team", "x", true));
        send(topics.budgetStatus(), "team:x", status("team", "x", "2026-11", 12_340_000, 12_000_000, true, NOW));
        send(topics.budgetStatus(), "user:alice", status("user", "alice", "2026-11", 1_000_000, 2_000_000, false, NOW));
        CompactedTopicView<BudgetStatus> statuses = view(topics.budgetStatus());
        CompactedTopicView<Budget> budgets = view(topics.budgets());
        BudgetStatusView view = new BudgetStatusView(statuses::get, budgets::get,
                new BudgetPeriods(new MutableClock(NOW), ZoneOffset.UTC));

        new CompactedTopicViews(List.of(statuses, budgets), WAIT).start();

        assertThat(statuses.caughtUp()).isTrue();
        assertThat(budgets.caughtUp()).isTrue();
        assertThat(view.blocked(request("alice", "x", null, null))).hasValueSatisfying(block ->
                assertThat(block.message()).isEqualTo("budget of team 'x' for 2026-11 is exhausted: spent $12.34 of"
                        + " $12.00"));
        assertThat(view.spentShare(request("alice", null, null, null))).isEqualTo(0.5);
        assertThat(view.hardBudget(new BudgetSubject("team", "x"))).isPresent();

        send(topics.budgetStatus(), "user:alice", status("user", "alice", "2026-11", 2_000_000, 2_000_000, true, NOW));
        await().atMost(WAIT).untilAsserted(() -> assertThat(view.blocked(request("alice", null, null, null)))
                .hasValueSatisfying(block -> assertThat(block.subject().key()).isEqualTo("user:alice")));

        sendTombstone(topics.budgetStatus(), "team:x");
        sendTombstone(topics.budgets(), "team:x");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(statuses.get("team:x")).isEmpty();
            assertThat(view.hardBudget(new BudgetSubject("team", "x"))).isEmpty();
            assertThat(view.blocked(request("bob", "x", null, null))).isEmpty();
        });
    }

    @Test
    void aMissingTopicIsAnEmptyTableThatFillsOnceTheTopicExists() {
        CompactedTopicView<BudgetStatus> statuses = view(topics.budgetStatus());

        new CompactedTopicViews(List.of(statuses), WAIT).start();

        assertThat(statuses.caughtUp()).as("nothing to wait for").isTrue();
        assertThat(statuses.snapshot()).isEmpty();

        createTopics();
        send(topics.budgetStatus(), "key:k1", status("key", "k1", "2026-11-26", 5, 10, false, NOW));
        await().atMost(WAIT).untilAsserted(() -> assertThat(statuses.get("key:k1"))
                .hasValueSatisfying(s -> assertThat(s.getSpentMicros()).isEqualTo(5)));
    }

    @Test
    void startUpGoesOnAfterItsWaitWhenTheClusterCannotBeReached() {
        KafkaSettings nowhere = new KafkaSettings("127.0.0.1:1", "", Map.of());
        CompactedTopicView<BudgetStatus> statuses = new CompactedTopicView<>(
                BudgetConfiguration.tableConsumer(nowhere, "it", "nowhere"), topics.budgetStatus());
        views.add(statuses);
        CompactedTopicViews lifecycle = new CompactedTopicViews(List.of(statuses), Duration.ofMillis(300));

        lifecycle.start();

        assertThat(lifecycle.isRunning()).isTrue();
        assertThat(statuses.isRunning()).as("still trying in the background").isTrue();
        assertThat(statuses.caughtUp()).isFalse();

        lifecycle.stop();
        assertThat(statuses.isRunning()).isFalse();
        statuses.start();
        assertThat(statuses.isRunning()).as("a stopped view stays stopped").isFalse();
    }

    private <V> CompactedTopicView<V> view(Topic<String, V> topic) {
        CompactedTopicView<V> view = new CompactedTopicView<>(
                BudgetConfiguration.tableConsumer(settings, "it", topic.name()), topic);
        views.add(view);
        return view;
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, List.of(topics.budgetStatus(), topics.budgets()), kafka.replicationFactor());
        }
    }

    private static Budget budget(String type, String id, boolean hard) {
        return Budget.newBuilder().setSubjectType(type).setSubjectId(id).setLimitMicros(12_000_000).setPeriod("month")
                .setThresholdsPercent(List.of(100)).setHard(hard).setUpdatedAt(NOW).build();
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        write(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private void sendTombstone(Topic<String, ?> topic, String key) {
        write(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key), null);
    }

    private void write(String topic, byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic, e.getCause());
        }
    }
}
