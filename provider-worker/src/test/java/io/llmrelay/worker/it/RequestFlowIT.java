package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.ReplyRoute;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.dlq.DeadLetter;
import io.llmrelay.worker.publish.OutcomePublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** A worker against a real broker and the mock provider: the paths every request takes. */
class RequestFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OVERFLOWING_MODEL = "mock-overflowing-price";

    private static RelayTopics relay;
    private static MockProvider mock;
    private static ConfigurableApplicationContext worker;
    private static TopicReader<String, CompletionResult> results;
    private static TopicReader<String, UsageEvent> usage;
    private static TopicReader<byte[], byte[]> deadLetters;

    @BeforeAll
    static void start(@TempDir Path directory) throws IOException {
        relay = new RelayTopics();
        mock = MockProvider.start(MockBehaviour.healthy().withRequiredApiKey(Worker.API_KEY));
        worker = Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "workers",
                "--relay.worker.instance-id=flow-worker",
                "--relay.worker.price-file=" + priceFileWithAnOverflowingModel(directory)));
        results = relay.reader(relay.topics.results());
        usage = relay.reader(relay.topics.usage());
        deadLetters = relay.reader(relay.topics.requestsDlq());
    }

    @AfterAll
    static void stop() {
        worker.close();
        mock.close();
        results.close();
        usage.close();
        deadLetters.close();
        relay.close();
    }

    @Test
    void answersARequestWithContentUsageAndCostAndRecordsOneUsageEvent() {
        CompletionRequest request = Requests.request("Say hello").build();

        relay.send(request);

        CompletionResult result = awaitResult(request.getRequestId()).value();
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        assertThat(result.getProvider()).isEqualTo("openai");
        assertThat(result.getModel()).isEqualTo("mock-model");
        assertThat(result.getContent()).isEqualTo("Mock reply to: Say hello");
        assertThat(result.getFinishReason()).isEqualTo("stop");
        assertThat(result.getResponseId()).startsWith("chatcmpl-");
        assertThat(result.getAttempts()).isEqualTo(1);
        assertThat(result.getError()).isNull();
        // mock tokens: ceil(19/4)+3 + ceil(9/4)+3 = 14 prompt; ceil(24/4) = 6 completion
        assertThat(result.getUsage().getPromptTokens()).isEqualTo(14);
        assertThat(result.getUsage().getCompletionTokens()).isEqualTo(6);
        // mock-model is priced like gpt-4o-mini: 14 * 0.15 + 6 * 0.60 = 5.7 micro-USD, rounded up
        assertThat(result.getCostMicros()).isEqualTo(6);
        assertThat(result.getPriced()).isTrue();
        assertThat(result.getUserId()).isEqualTo(request.getUserId());

        List<UsageEvent> events = awaitUsage(request.getRequestId(), 1);
        UsageEvent event = events.getFirst();
        assertThat(event.getAttempt()).isEqualTo(1);
        assertThat(event.getSuccess()).isTrue();
        assertThat(event.getStatusCode()).isEqualTo(200);
        assertThat(event.getCostMicros()).isEqualTo(6);
        assertThat(event.getPrice().getInputMicrosPerMtok()).isEqualTo(150_000);
        assertThat(event.getEndpoint()).isEqualTo("/v1/chat/completions");
        assertThat(event.getRequestBytes()).isPositive();
        assertThat(event.getResponseBytes()).isPositive();
        assertThat(event.getTeamId()).isEqualTo("team-it");
        assertThat(UUID.fromString(event.getAttemptId())).as("attempt id").isNotNull();
        assertThat(mock.authorizationHeaders()).containsExactly("Bearer " + Worker.API_KEY);
    }

    @Test
    void writesTheResultToThePartitionTheRequesterReads() {
        CompletionRequest request = Requests.request("Where do I go?").build();
        int replyPartition = (keyPartition(request.getRequestId()) + 5) % relay.topics.results().partitions();
        request.setReplyTo(new ReplyRoute(replyPartition, "ingest-it"));

        relay.send(request);

        ConsumerRecord<String, CompletionResult> result = awaitResult(request.getRequestId());
        assertThat(result.partition()).isEqualTo(replyPartition);
        assertThat(result.value().getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
    }

    @Test
    void writesTheResultToTheKeysPartitionWhenTheReplyPartitionDoesNotExist() {
        List<CompletionRequest> requests = Stream.of(999, -1).map(partition -> {
            CompletionRequest request = Requests.request("Where to, partition " + partition + "?").build();
            request.setReplyTo(new ReplyRoute(partition, "ingest-it"));
            return request;
        }).toList();

        requests.forEach(relay::send);

        for (CompletionRequest request : requests) {
            ConsumerRecord<String, CompletionResult> result = awaitResult(request.getRequestId());
            assertThat(result.partition()).as("reply partition %s", request.getReplyTo().getPartition())
                    .isEqualTo(keyPartition(request.getRequestId()));
            assertThat(result.value().getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        }
    }

    @Test
    void answersARequestPastItsDeadlineWithoutCallingTheProvider() {
        CompletionRequest request = Requests.request("Too late").setDeadline(Instant.now().minusSeconds(2)).build();
        long callsBefore = mock.requestCount();

        relay.send(request);

        CompletionResult result = awaitResult(request.getRequestId()).value();
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.DEADLINE_EXCEEDED);
        assertThat(result.getError().getCode()).isEqualTo("deadline_exceeded");
        assertThat(result.getError().getProvider()).isEqualTo("relay");
        assertThat(result.getError().getRetryable()).isFalse();
        assertThat(result.getError().getMessage()).contains("passed").contains("not sent to a provider");
        assertThat(result.getAttempts()).isZero();
        assertThat(mock.requestCount()).isEqualTo(callsBefore);
        assertNoUsageOf(request);
    }

    @Test
    void answersARequestItFailsOnAfterTheCallWithAnInternalErrorAndKeepsItOnTheDeadLetterTopic() {
        long deadLettersBefore = worker.getBean(OutcomePublisher.class).deadLetteredCount();
        // the answer's cost overflows a long at this model's price: a failure after the provider was called
        CompletionRequest request = Requests.request("Price me, secret-word").setModel(OVERFLOWING_MODEL).build();

        relay.send(request);

        CompletionResult result = awaitResult(request.getRequestId()).value();
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.FAILED);
        assertThat(result.getAttempts()).isEqualTo(1);
        assertThat(result.getPriced()).isFalse();
        assertThat(result.getError().getProvider()).isEqualTo("relay");
        assertThat(result.getError().getCode()).isEqualTo("internal_error");
        assertThat(result.getError().getRetryable()).isFalse();
        assertThat(result.getError().getMessage()).contains(ArithmeticException.class.getName())
                .doesNotContain("secret-word").doesNotContain("overflow");
        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(record -> DeadLetter.header(record.headers(),
                DeadLetter.ERROR_CLASS).equals(ArithmeticException.class.getName()));
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(request.getUserId());
        await().atMost(WAIT).until(() ->
                worker.getBean(OutcomePublisher.class).deadLetteredCount() == deadLettersBefore + 1);
        assertNoUsageOf(request);
    }

    @Test
    void sendsAnUndecodableRecordToTheDeadLetterTopicAndGoesOn() {
        long deadLettersBefore = worker.getBean(OutcomePublisher.class).deadLetteredCount();
        byte[] poison = "not an avro request".getBytes(StandardCharsets.UTF_8);
        relay.sendBytes("user-poison".getBytes(StandardCharsets.UTF_8), poison);
        CompletionRequest next = Requests.request("Still there?").build();
        relay.send(next);

        assertThat(awaitResult(next.getRequestId()).value().getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(record -> new String(record.value(),
                StandardCharsets.UTF_8).equals("not an avro request"));
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("user-poison");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(relay.topics.requests().name());
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.ERROR_CLASS)).isEqualTo(SerializationException.class.getName());
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.FAILED_BY)).isEqualTo("flow-worker");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_OFFSET)).isNotBlank();
        await().atMost(WAIT).until(() ->
                worker.getBean(OutcomePublisher.class).deadLetteredCount() == deadLettersBefore + 1);
    }

    static ConsumerRecord<String, CompletionResult> awaitResult(String requestId) {
        return await().atMost(WAIT).pollInSameThread()
                .until(() -> results.records().stream().filter(r -> r.key().equals(requestId)).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static ConsumerRecord<byte[], byte[]> awaitDeadLetter(Predicate<ConsumerRecord<byte[], byte[]>> which) {
        return await().atMost(WAIT).pollInSameThread()
                .until(() -> deadLetters.records().stream().filter(which).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /**
     * No usage event of {@code request} was written, nor will be. Checked after the usage of a later request of
     * the same user has arrived: usage is keyed by user, one producer writes it, and the earlier request's usage
     * (had there been any) was sent before its result, so it would sit before the later event in the partition.
     */
    private static void assertNoUsageOf(CompletionRequest request) {
        CompletionRequest later = Requests.request("Anything for me?").setUserId(request.getUserId()).build();
        relay.send(later);
        awaitUsage(later.getRequestId(), 1);

        assertThat(usageOf(request.getRequestId())).isEmpty();
    }

    private static int keyPartition(String requestId) {
        return Utils.toPositive(Utils.murmur2(requestId.getBytes(StandardCharsets.UTF_8)))
                % relay.topics.results().partitions();
    }

    /** mock-model at its shipped price, and a model whose output price makes any answer's cost overflow a long. */
    private static Path priceFileWithAnOverflowingModel(Path directory) throws IOException {
        return Files.writeString(directory.resolve("prices.json"), """
                {"source": "RequestFlowIT", "effective_date": "2026-11-01", "prices": [
                  {"provider": "openai", "model": "mock-model", "input_micros_per_mtok": 150000,
                   "cached_input_micros_per_mtok": 75000, "output_micros_per_mtok": 600000},
                  {"provider": "openai", "model": "%s", "input_micros_per_mtok": 150000,
                   "cached_input_micros_per_mtok": 75000, "output_micros_per_mtok": %d}]}
                """.formatted(OVERFLOWING_MODEL, Long.MAX_VALUE));
    }

    private static List<UsageEvent> awaitUsage(String requestId, int count) {
        return await().atMost(WAIT).pollInSameThread().until(() -> usageOf(requestId), events -> events.size() >= count);
    }

    private static List<UsageEvent> usageOf(String requestId) {
        return usage.records().stream().map(ConsumerRecord::value)
                .filter(event -> event.getRequestId().equals(requestId)).toList();
    }
}
