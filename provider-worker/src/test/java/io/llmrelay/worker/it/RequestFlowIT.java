package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
import org.springframework.context.ConfigurableApplicationContext;

/** A worker against a real broker and the mock provider: the paths every request takes. */
class RequestFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static RelayTopics relay;
    private static MockProvider mock;
    private static ConfigurableApplicationContext worker;
    private static TopicReader<String, CompletionResult> results;
    private static TopicReader<String, UsageEvent> usage;
    private static TopicReader<byte[], byte[]> deadLetters;

    @BeforeAll
    static void start() {
        relay = new RelayTopics();
        mock = MockProvider.start(MockBehaviour.healthy().withRequiredApiKey(Worker.API_KEY));
        worker = Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "workers",
                "--relay.worker.instance-id=flow-worker"));
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
        assertThat(mock.authorizationHeaders()).containsExactly("Bearer " + Worker.API_KEY);
    }

    @Test
    void writesTheResultToThePartitionTheRequesterReads() {
        CompletionRequest request = Requests.request("Where do I go?").build();
        int byKey = Utils.toPositive(Utils.murmur2(request.getRequestId().getBytes(StandardCharsets.UTF_8)))
                % relay.topics.results().partitions();
        int replyPartition = (byKey + 5) % relay.topics.results().partitions();
        request.setReplyTo(new ReplyRoute(replyPartition, "ingest-it"));

        relay.send(request);

        ConsumerRecord<String, CompletionResult> result = awaitResult(request.getRequestId());
        assertThat(result.partition()).isEqualTo(replyPartition);
        assertThat(result.value().getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
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
        assertThat(usageOf(request.getRequestId())).isEmpty();
    }

    @Test
    void sendsAnUndecodableRecordToTheDeadLetterTopicAndGoesOn() {
        byte[] poison = "not an avro request".getBytes(StandardCharsets.UTF_8);
        relay.sendBytes("user-poison".getBytes(StandardCharsets.UTF_8), poison);
        CompletionRequest next = Requests.request("Still there?").build();
        relay.send(next);

        assertThat(awaitResult(next.getRequestId()).value().getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        ConsumerRecord<byte[], byte[]> dead = await().atMost(WAIT).pollInSameThread()
                .until(() -> deadLetters.records().stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8)
                        .equals("not an avro request")).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("user-poison");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(relay.topics.requests().name());
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.ERROR_CLASS)).isEqualTo(SerializationException.class.getName());
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.FAILED_BY)).isEqualTo("flow-worker");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_OFFSET)).isNotBlank();
        await().atMost(WAIT).until(() -> worker.getBean(OutcomePublisher.class).deadLetteredCount() == 1);
    }

    static ConsumerRecord<String, CompletionResult> awaitResult(String requestId) {
        return await().atMost(WAIT).pollInSameThread()
                .until(() -> results.records().stream().filter(r -> r.key().equals(requestId)).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static List<UsageEvent> awaitUsage(String requestId, int count) {
        return await().atMost(WAIT).pollInSameThread().until(() -> usageOf(requestId), events -> events.size() >= count);
    }

    private static List<UsageEvent> usageOf(String requestId) {
        return usage.records().stream().map(ConsumerRecord::value)
                .filter(event -> event.getRequestId().equals(requestId)).toList();
    }
}
