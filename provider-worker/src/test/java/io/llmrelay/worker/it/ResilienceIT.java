package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.BreakerState;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.worker.publish.ParkedRequest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fault injection with two real providers behind one route, on the real broker: an OpenAI-compatible primary and an
 * Anthropic fallback, each its own mock server whose behaviour the test switches. Every test ends by checking the
 * books: every request has exactly one result, and every provider call that may be billed exactly one usage event.
 */
class ResilienceIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ALIAS = "mock-model";
    private static final String FALLBACK_MODEL = "claude-haiku-4-5";

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private RelayTopics relay;
    private MockProvider primary;
    private MockProvider fallback;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeAfter.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aDownPrimaryOpensItsBreakerAndTheFallbackAnswersEveryRequest() {
        setUp(MockBehaviour.healthy().withErrorRate(1.0), MockBehaviour.healthy());
        ConfigurableApplicationContext worker = worker("w1", "--relay.breaker.wait-open=60s");

        List<CompletionRequest> requests = new ArrayList<>(send(10));
        assertThat(awaitResults(requests).values()).allSatisfy(result -> {
            assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
            assertThat(result.getProvider()).isEqualTo("backup");
        });
        await().atMost(WAIT).until(() -> states().contains(BreakerState.OPEN));
        assertThat(health()).anySatisfy(h -> {
            assertThat(h.getTarget()).isEqualTo("main/" + ALIAS);
            assertThat(h.getState()).isEqualTo(BreakerState.OPEN);
            assertThat(h.getReason()).isNotBlank();
        });
        long calledBefore = primary.requestCount();

        List<CompletionRequest> later = send(40);

        assertThat(awaitResults(later).values()).allSatisfy(result -> {
            assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
            assertThat(result.getProvider()).isEqualTo("backup");
        });
        assertThat(primary.requestCount()).as("an open breaker keeps every request away from the primary")
                .isEqualTo(calledBefore);
        requests.addAll(later);
        assertBooksBalance(requests);
        assertThat(worker.isActive()).isTrue();
    }

    @Test
    void aBreakerGoesFromOpenThroughHalfOpenToClosedWhenThePrimaryRecoversAndPublishesEachStep() {
        setUp(MockBehaviour.healthy().withErrorRate(1.0), MockBehaviour.healthy());
        worker("w1");
        List<CompletionRequest> requests = new ArrayList<>(send(10));
        await().atMost(WAIT).until(() -> states().contains(BreakerState.OPEN));

        primary.behaviour(MockBehaviour.healthy());
        // wait-open is 2 s: the next request after that probes the primary, finds it healthy, and closes the breaker
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            requests.addAll(send(1));
            return states().contains(BreakerState.CLOSED);
        });

        assertThat(states()).containsSubsequence(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED);
        long before = primary.requestCount();
        List<CompletionRequest> after = send(5);
        assertThat(awaitResults(after).values()).allSatisfy(r -> assertThat(r.getProvider()).isEqualTo("main"));
        assertThat(primary.requestCount()).isEqualTo(before + 5);
        requests.addAll(after);
        assertBooksBalance(requests);
    }

    @Test
    void aSlowPrimaryTimesOutAndTheFallbackAnswers() {
        setUp(MockBehaviour.healthy().withLatency(Duration.ofSeconds(5)), MockBehaviour.healthy());
        worker("w1", "--relay.providers.main.request-timeout=300ms");

        List<CompletionRequest> requests = send(3);

        assertThat(awaitResults(requests).values()).allSatisfy(result -> {
            assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
            assertThat(result.getProvider()).isEqualTo("backup");
        });
        assertBooksBalance(requests);
    }

    @Test
    void malformedAnswersOfThePrimaryAreRetriedThenLeftForTheFallback() {
        setUp(MockBehaviour.healthy().withMalformedRate(1.0), MockBehaviour.healthy());
        worker("w1");

        List<CompletionRequest> requests = send(3);

        assertThat(awaitResults(requests).values()).allSatisfy(result -> {
            assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
            assertThat(result.getProvider()).isEqualTo("backup");
        });
        assertBooksBalance(requests);
    }

    @Test
    void a429StormWithRetryAfterIsWaitedOutAndNothingIsLost() {
        setUp(MockBehaviour.healthy().withRateLimitRate(0.6).withRetryAfter(Duration.ofMillis(200)),
                MockBehaviour.healthy().withRateLimitRate(0.6).withRetryAfter(Duration.ofMillis(200)));
        worker("w1");

        List<CompletionRequest> requests = send(30);

        assertThat(awaitResults(requests).values())
                .allSatisfy(result -> assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED));
        assertThat(states()).as("429s never count toward a breaker").doesNotContain(BreakerState.OPEN);
        assertBooksBalance(requests);
    }

    @Test
    void whenNoProviderCanAnswerTheRequestIsParkedAndAnsweredOnceAProviderIsBack() {
        setUp(MockBehaviour.healthy().withErrorRate(1.0), MockBehaviour.healthy().withErrorRate(1.0));
        worker("w1", "--relay.retry-topic.delay=2s", "--relay.retry-topic.max-parks=3");

        List<CompletionRequest> requests = send(1);
        try (TopicReader<String, CompletionRequest> parked = relay.reader(relay.topics.requestsRetry())) {
            await().atMost(WAIT).until(() -> !parked.records().isEmpty());
            ConsumerRecord<String, CompletionRequest> record = parked.records().getFirst();
            assertThat(record.value().getRequestId()).isEqualTo(requests.getFirst().getRequestId());
            assertThat(ParkedRequest.History.of(record.headers()).parks()).isEqualTo(1);
        }
        fallback.behaviour(MockBehaviour.healthy());

        CompletionResult result = awaitResults(requests).values().iterator().next();
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        assertThat(result.getProvider()).isEqualTo("backup");
        List<UsageEvent> usage = usageOf(requests.getFirst());
        assertThat(usage).extracting(UsageEvent::getAttempt).as("numbered on across the park")
                .doesNotHaveDuplicates().contains(usage.size());
        assertBooksBalance(requests);
    }

    @Test
    void aRequestThatStillFindsNoProviderAfterItsParksIsAnsweredRetryableAndDeadLettered() {
        setUp(MockBehaviour.healthy().withErrorRate(1.0), MockBehaviour.healthy().withErrorRate(1.0));
        worker("w1", "--relay.retry-topic.delay=1s", "--relay.retry-topic.max-parks=1");

        List<CompletionRequest> requests = send(1);

        CompletionResult result = awaitResults(requests).values().iterator().next();
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.FAILED);
        assertThat(result.getError().getRetryable()).isTrue();
        assertThat(result.getError().getMessage()).contains("main/" + ALIAS, "backup/" + FALLBACK_MODEL);
        try (TopicReader<byte[], byte[]> dlq = relay.reader(relay.topics.requestsDlq())) {
            await().atMost(WAIT).until(() -> dlq.records().size() == 1);
        }
        assertBooksBalance(requests);
    }

    @Test
    void aWorkerStartedAfterAPeerOpenedABreakerStartsWithItOpen() {
        setUp(MockBehaviour.healthy().withErrorRate(1.0), MockBehaviour.healthy());
        ConfigurableApplicationContext first = worker("w1", "--relay.breaker.wait-open=60s");
        List<CompletionRequest> requests = new ArrayList<>(send(10));
        awaitResults(requests);
        await().atMost(WAIT).until(() -> states().contains(BreakerState.OPEN));
        first.close();
        long before = primary.requestCount();
        primary.behaviour(MockBehaviour.healthy());

        worker("w2", "--relay.breaker.wait-open=60s");
        List<CompletionRequest> later = send(10);

        assertThat(awaitResults(later).values()).allSatisfy(r -> assertThat(r.getProvider()).isEqualTo("backup"));
        assertThat(primary.requestCount()).as("the new worker never called the target its peer found down")
                .isEqualTo(before);
        requests.addAll(later);
        assertBooksBalance(requests);
    }

    private void setUp(MockBehaviour primaryBehaviour, MockBehaviour fallbackBehaviour) {
        relay = new RelayTopics();
        closeAfter.add(relay);
        primary = MockProvider.start(primaryBehaviour);
        closeAfter.add(primary);
        fallback = MockProvider.start(fallbackBehaviour);
        closeAfter.add(fallback);
    }

    private ConfigurableApplicationContext worker(String id, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--relay.kafka.bootstrap-servers=" + relay.bootstrapServers(),
                "--relay.kafka.topic-prefix=" + relay.prefix,
                "--relay.worker.group-id=" + relay.prefix + "workers",
                "--relay.worker.instance-id=" + id,
                "--relay.providers.main.kind=openai-compatible",
                "--relay.providers.main.base-url=" + primary.baseUrl(),
                "--relay.providers.main.api-key=" + Worker.API_KEY,
                "--relay.providers.backup.kind=anthropic",
                "--relay.providers.backup.base-url=" + fallback.baseUrl(),
                "--relay.providers.backup.api-key=sk-ant-it-0123456789abcdefghij",
                "--relay.routing.routes." + ALIAS + ".targets[0].provider=main",
                "--relay.routing.routes." + ALIAS + ".targets[0].model=" + ALIAS,
                "--relay.routing.routes." + ALIAS + ".targets[1].provider=backup",
                "--relay.routing.routes." + ALIAS + ".targets[1].model=" + FALLBACK_MODEL,
                "--relay.provider.retry.max-attempts=3",
                "--relay.provider.retry.base-delay=20ms",
                "--relay.breaker.failure-threshold=5",
                "--relay.breaker.wait-open=2s",
                "--relay.retry-topic.max-parks=0"));
        ConfigurableApplicationContext worker = Worker.start(Worker.overriding(args, extra));
        closeAfter.add(worker);
        return worker;
    }

    private List<CompletionRequest> send(int count) {
        return relay.sendRequests(count, ALIAS);
    }

    private Map<String, CompletionResult> awaitResults(List<CompletionRequest> requests) {
        return relay.awaitResults(requests, WAIT);
    }

    /** Every record on the health topic so far: read up to the end offsets it has now. */
    private List<ProviderHealth> health() {
        var topic = relay.topics.providerHealth();
        try (KafkaConsumer<String, ProviderHealth> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, relay.bootstrapServers()),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ProviderHealth> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> records.add(r.value()));
            }
            return records;
        }
    }

    private List<BreakerState> states() {
        return health().stream().filter(h -> ("main/" + ALIAS).equals(h.getTarget()))
                .sorted(java.util.Comparator.comparing(ProviderHealth::getSince)).map(ProviderHealth::getState).toList();
    }

    private List<UsageEvent> usageOf(CompletionRequest request) {
        try (TopicReader<String, UsageEvent> reader = relay.reader(relay.topics.usage())) {
            return reader.records().stream().map(ConsumerRecord::value)
                    .filter(u -> u.getRequestId().equals(request.getRequestId())).toList();
        }
    }

    /**
     * Exactly one result per request, and one usage event per provider call that reached a provider: the two mock
     * servers' request counts are the calls that reached them.
     */
    private void assertBooksBalance(List<CompletionRequest> requests) {
        Set<String> ids = requests.stream().map(CompletionRequest::getRequestId).collect(Collectors.toSet());
        try (TopicReader<String, CompletionResult> results = relay.reader(relay.topics.results());
             TopicReader<String, UsageEvent> usage = relay.reader(relay.topics.usage())) {
            await().atMost(WAIT).untilAsserted(() -> {
                Map<String, Long> resultsPerRequest = results.records().stream().map(ConsumerRecord::key)
                        .filter(ids::contains).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                assertThat(resultsPerRequest).hasSize(ids.size());
                assertThat(resultsPerRequest.values()).containsOnly(1L);
                List<UsageEvent> events = usage.records().stream().map(ConsumerRecord::value)
                        .filter(u -> ids.contains(u.getRequestId())).toList();
                Map<String, Long> perProvider = new HashMap<>();
                events.forEach(u -> perProvider.merge(u.getProvider(), 1L, Long::sum));
                assertThat(perProvider.getOrDefault("main", 0L)).isEqualTo(primary.requestCount());
                assertThat(perProvider.getOrDefault("backup", 0L)).isEqualTo(fallback.requestCount());
                assertThat(events).extracting(UsageEvent::getAttemptId).doesNotHaveDuplicates();
            });
        }
    }
}
