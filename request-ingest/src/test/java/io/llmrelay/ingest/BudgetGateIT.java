package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmrelay.ingest.auth.Caller;
import io.llmrelay.ingest.budget.BudgetExceededException;
import io.llmrelay.ingest.budget.BudgetGate;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.ExternalAPIError;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Budget enforcement at the ingest against a real broker: statuses written to {@code llm.budget.status} as the
 * usage-aggregator writes them, the real application reading them, a fake worker on the Kafka contract. Each subject
 * is used by one test only, so the tests do not depend on their order.
 */
class BudgetGateIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The worker's REJECTED result for a request whose maximum cost does not fit: answered by the fake worker. */
    private static final String WORKER_REFUSES = "scenario:worker-budget";
    private static final String WORKER_MESSAGE = "the request's maximum cost $0.50 does not fit the $0.10 left of the"
            + " budget of team 'lab' for 2026-11 ($12.00, including requests in flight); lower max_tokens or wait for"
            + " the requests in flight to finish";

    private static TestTopics topics;
    private static FakeWorker worker;
    private static IngestInstance ingest;
    private static KafkaProducer<String, BudgetStatus> statuses;
    private static Topic<String, BudgetStatus> statusTopic;

    @BeforeAll
    static void start() {
        topics = TestTopics.create();
        statusTopic = topics.of(Topics.BUDGET_STATUS);
        statuses = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
                statusTopic.keySerde().serializer(), statusTopic.valueSerde().serializer());
        worker = FakeWorker.start(topics, BudgetGateIT::answer);
        // a status written before start-up is read before the first request is taken
        write("team", "spenders", currentMonth(), 12_340_000, 12_000_000, true);
        List<String> properties = new ArrayList<>(List.of("relay.ingest.instance-id=it-budget",
                "relay.ingest.request-timeout=30s"));
        properties.addAll(key(0, "rk-it-budget-spender-7d1e", "key-spender", "u-spender", "spenders"));
        properties.addAll(key(1, "rk-it-budget-other-4a90", "key-other", "u-other", "others"));
        properties.addAll(key(2, "rk-it-budget-thaw-2c33", "key-thaw", "u-thaw", "thawing"));
        properties.addAll(key(3, "rk-it-budget-user-91bf", "key-user", "u-blocked", "others"));
        properties.addAll(key(4, "rk-it-budget-lab-5e08", "key-lab", "u-lab", "lab"));
        ingest = IngestInstance.start(topics, properties.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (statuses != null) {
            statuses.close();
        }
    }

    @Test
    void aKeyOfABlockedTeamGets402BudgetExceededAndNothingIsProduced() {
        long producedBefore = producedRequests();

        HttpResponse<String> response = chat("rk-it-budget-spender-7d1e", "hello");

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(response.headers().firstValue("x-should-retry")).contains("false");
        JsonNode error = Http.json(response).path("error");
        assertThat(error.path("message").stringValue()).isEqualTo("budget of team 'spenders' for " + currentMonth()
                + " is exhausted: spent $12.34 of $12.00");
        assertThat(error.path("type").stringValue()).isEqualTo("insufficient_quota");
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("param").isNull()).isTrue();
        assertThat(error.path("code").stringValue()).isEqualTo("budget_exceeded");
        // a request that passed the gate is acknowledged by Kafka before its caller can be answered at all
        assertThat(producedRequests()).isEqualTo(producedBefore);
        assertThat(worker.receivedFrom("u-spender")).isEmpty();
    }

    @Test
    void otherTeamsAreStillServed() {
        HttpResponse<String> response = chat("rk-it-budget-other-4a90", "still here");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).at("/choices/0/message/content").stringValue()).isEqualTo("echo: still here");
    }

    @Test
    void aTeamIsServedAgainSecondsAfterItsStatusIsTombstoned() {
        write("team", "thawing", currentMonth(), 5_000_000, 5_000_000, true);
        awaitBlocked(new Caller("key-thaw", "u-thaw", "thawing"));
        assertThat(chat("rk-it-budget-thaw-2c33", "blocked").statusCode()).isEqualTo(402);

        statuses.send(new ProducerRecord<>(statusTopic.name(), "team:thawing", null));
        statuses.flush();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                chat("rk-it-budget-thaw-2c33", "thawed").statusCode() == 200);
        assertThat(worker.receivedFrom("u-thaw")).extracting(r -> r.getMessages().getLast().getContent())
                .containsExactly("thawed");
    }

    @Test
    void aUserIsServedAgainOnceItsStatusIsNoLongerBlocked() {
        write("user", "u-blocked", currentMonth(), 3_000_000, 2_000_000, true);
        awaitBlocked(new Caller("key-user", "u-blocked", "others"));
        HttpResponse<String> blocked = chat("rk-it-budget-user-91bf", "blocked");
        assertThat(blocked.statusCode()).isEqualTo(402);
        assertThat(Http.json(blocked).at("/error/message").stringValue())
                .startsWith("budget of user 'u-blocked' for ");

        // the operator raised the limit: the aggregator writes the status again, not blocked
        write("user", "u-blocked", currentMonth(), 3_000_000, 10_000_000, false);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                chat("rk-it-budget-user-91bf", "served").statusCode() == 200);
    }

    @Test
    void aWorkersRejectedBudgetResultIsTheSame402() {
        HttpResponse<String> response = chat("rk-it-budget-lab-5e08", WORKER_REFUSES);

        assertThat(worker.receivedFrom("u-lab")).hasSize(1);
        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(response.headers().firstValue("x-should-retry")).contains("false");
        JsonNode error = Http.json(response).path("error");
        assertThat(error.path("message").stringValue()).isEqualTo(WORKER_MESSAGE);
        assertThat(error.path("type").stringValue()).isEqualTo("insufficient_quota");
        assertThat(error.path("code").stringValue()).isEqualTo("budget_exceeded");
    }

    /**
     * openai-java retries 408, 409, 429 and 5xx (and whatever {@code x-should-retry: true} marks); a 402 is an
     * {@link UnexpectedStatusCodeException} it raises at once. A client allowed three retries still reaches the ingest
     * once: the refusal counter moves by exactly one.
     */
    @Test
    void theOfficialSdkRaisesA402WithoutRetryingIt() {
        Counter refusals = ingest.bean(MeterRegistry.class)
                .counter("relay.ingest.budget.rejections", "subject", "team");
        double before = refusals.count();
        OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + ingest.port() + "/v1")
                .apiKey("rk-it-budget-spender-7d1e").maxRetries(3).timeout(Duration.ofSeconds(60)).build();

        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("from the sdk").build()))
                .isInstanceOfSatisfying(UnexpectedStatusCodeException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(402);
                    assertThat(e.code()).contains("budget_exceeded");
                    assertThat(e.type()).contains("insufficient_quota");
                    assertThat(e.getMessage()).contains("budget of team 'spenders'");
                });
        assertThat(refusals.count()).isEqualTo(before + 1);
    }

    @Test
    void withTheGateOffABlockedTeamIsLeftToTheWorkers() {
        List<String> properties = new ArrayList<>(List.of("relay.ingest.instance-id=it-budget-off",
                "relay.ingest.reply-partition=1", "relay.ingest.request-timeout=30s",
                "relay.ingest.budget.enabled=false"));
        properties.addAll(key(0, "rk-it-budget-spender-7d1e", "key-spender", "u-spender-2", "spenders"));
        try (IngestInstance ungated = IngestInstance.start(topics, properties.toArray(String[]::new))) {
            assertThat(ungated.bean(BudgetGate.class)).isNotNull();

            HttpResponse<String> response = Http.postJson(ungated.uri("/v1/chat/completions"),
                    "rk-it-budget-spender-7d1e", Http.chat("gpt-4o-mini", "ungated", ""));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(worker.receivedFrom("u-spender-2")).hasSize(1);
        }
    }

    private static Optional<CompletionResult> answer(CompletionRequest request) {
        if (!WORKER_REFUSES.equals(request.getMessages().getLast().getContent())) {
            return FakeWorker.byScenario(request);
        }
        // what provider-worker writes for a budget refusal: REJECTED, no provider status, not retryable
        return Optional.of(FakeWorker.succeeded(request, null).setStatus(CompletionStatus.REJECTED).setUsage(null)
                .setFinishReason(null).setCostMicros(0).setProvider("relay").setError(ExternalAPIError.newBuilder()
                        .setProvider("relay").setOperation("chat.completions").setStatusCode(null)
                        .setMessage(WORKER_MESSAGE).setRetryable(false).setCode("budget_exceeded").build())
                .build());
    }

    private static HttpResponse<String> chat(String key, String prompt) {
        return Http.postJson(ingest.uri("/v1/chat/completions"), key, Http.chat("gpt-4o-mini", prompt, ""));
    }

    /** Waits on the gate itself, so no request is produced while the status is on its way. */
    private static void awaitBlocked(Caller caller) {
        BudgetGate gate = ingest.bean(BudgetGate.class);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThatThrownBy(() -> gate.check(caller)).isInstanceOf(BudgetExceededException.class));
    }

    private static void write(String type, String id, String period, long spent, long limit, boolean blocked) {
        BudgetStatus status = BudgetStatus.newBuilder().setSubjectType(type).setSubjectId(id).setPeriod(period)
                .setSpentMicros(spent).setLimitMicros(limit).setBlocked(blocked).setUpdatedAt(Instant.now()).build();
        statuses.send(new ProducerRecord<>(statusTopic.name(), type + ":" + id, status));
        statuses.flush();
    }

    /** Records on every partition of llm.requests. */
    private static long producedRequests() {
        String name = topics.of(Topics.REQUESTS).name();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(name).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return reader.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static String currentMonth() {
        return YearMonth.now(ZoneOffset.UTC).toString();
    }

    private static List<String> key(int index, String key, String keyId, String userId, String teamId) {
        String prefix = "relay.ingest.keys[" + index + "].";
        return List.of(prefix + "key=" + key, prefix + "key-id=" + keyId, prefix + "user-id=" + userId,
                prefix + "team-id=" + teamId);
    }
}
