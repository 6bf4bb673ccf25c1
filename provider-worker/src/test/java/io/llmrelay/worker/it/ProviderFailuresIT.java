package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.ExternalAPIError;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.topic.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How provider errors end: retried and answered, or failed with a typed error. Tests that need a first
 * attempt to fail and the next to succeed give the mock a failing behaviour with latency, wait until that
 * attempt is in flight (its outcome is then fixed), and switch the mock back to healthy for the retry.
 */
class ProviderFailuresIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String INSTANCE_ID = "provider-failures-it";

    private static RelayTopics relay;
    private static MockProvider mock;
    private static ConfigurableApplicationContext worker;
    private static TopicReader<String, CompletionResult> results;
    private static TopicReader<String, UsageEvent> usage;
    /** Raw bytes, to check what is on the wire; decoded with the catalog's serde. */
    private static TopicReader<byte[], byte[]> audit;

    @BeforeAll
    static void start() {
        relay = new RelayTopics();
        mock = MockProvider.start(MockBehaviour.healthy());
        worker = Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "workers",
                "--relay.provider.retry.max-attempts=3", "--relay.provider.retry.base-delay=50ms",
                // how each failure is retried and answered, one request at a time: no breaker opening after the
                // failures of earlier tests, no parking (ResilienceIT covers both)
                "--relay.breaker.enabled=false", "--relay.retry-topic.max-parks=0",
                "--relay.worker.instance-id=" + INSTANCE_ID));
        results = relay.reader(relay.topics.results());
        usage = relay.reader(relay.topics.usage());
        Topic<String, AuditEvent> auditTopic = relay.topics.audit();
        audit = relay.reader(new Topic<>(auditTopic.name(), Serdes.ByteArray(), Serdes.ByteArray(),
                auditTopic.partitions(), auditTopic.configs()));
    }

    @AfterEach
    void healthyAgain() {
        mock.behaviour(MockBehaviour.healthy());
    }

    @AfterAll
    static void stop() {
        worker.close();
        mock.close();
        results.close();
        usage.close();
        audit.close();
        relay.close();
    }

    @Test
    void retriesAServerErrorAndRecordsBothAttempts() {
        mock.behaviour(MockBehaviour.healthy().withErrorRate(1.0).withLatency(Duration.ofMillis(500)));
        CompletionRequest request = Requests.request("Try again").build();

        relay.send(request);
        await().atMost(WAIT).until(() -> mock.inFlight() == 1);
        mock.behaviour(MockBehaviour.healthy());

        CompletionResult result = awaitResult(request);
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        assertThat(result.getAttempts()).isEqualTo(2);
        assertThat(result.getCostMicros()).isPositive();
        List<UsageEvent> events = awaitUsage(request, 2);
        assertThat(events).extracting(UsageEvent::getAttempt, UsageEvent::getSuccess, UsageEvent::getStatusCode)
                .containsExactlyInAnyOrder(tuple(1, false, 500), tuple(2, true, 200));
        assertThat(events).extracting(UsageEvent::getAttemptId).as("one id per provider call")
                .doesNotContainNull().doesNotHaveDuplicates();
        UsageEvent failed = events.stream().filter(e -> e.getAttempt() == 1).findFirst().orElseThrow();
        assertThat(failed.getCostMicros()).isZero();
        assertThat(failed.getUsage().getPromptTokens()).isZero();
        assertThat(failed.getErrorMessage()).contains("500");
        assertThat(result.getCostMicros()).isEqualTo(events.stream().mapToLong(UsageEvent::getCostMicros).sum());
    }

    @Test
    void failsOnARejectedKeyWithoutRetrying() {
        long callsBefore = mock.requestCount();
        CompletionRequest request = Requests.request("Who am I? [mock:status=401]").build();

        relay.send(request);

        CompletionResult result = awaitResult(request);
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.FAILED);
        assertThat(result.getAttempts()).isEqualTo(1);
        ExternalAPIError error = result.getError();
        assertThat(error.getCode()).isEqualTo("provider_credential_rejected");
        assertThat(error.getStatusCode()).isEqualTo(401);
        assertThat(error.getRetryable()).isFalse();
        assertThat(error.getProvider()).isEqualTo("openai");
        assertThat(error.getMessage()).contains("Incorrect API key provided").doesNotContain(Worker.API_KEY);
        assertThat(mock.requestCount()).isEqualTo(callsBefore + 1);
        assertThat(awaitUsage(request, 1)).singleElement().extracting(UsageEvent::getSuccess).isEqualTo(false);
    }

    /**
     * Each rejection (a 401, then a 403) is one event of the provider's credential supplier, keyed by the provider,
     * so both share a partition and arrive in order.
     */
    @Test
    void auditsARejectedKeyOnceByItsFingerprintOnly() {
        double rejectionsBefore = rejections();
        int auditsBefore = rejectedAudits(audit.records()).size();
        CompletionRequest rejected = Requests.request("Who am I? [mock:status=401]").build();
        CompletionRequest forbidden = Requests.request("And now? [mock:status=403]").build();

        relay.send(rejected);
        awaitResult(rejected);
        relay.send(forbidden);
        awaitResult(forbidden);
        List<ConsumerRecord<byte[], byte[]>> records = await().atMost(WAIT).pollInSameThread()
                .until(audit::records, r -> rejectedAudits(r).size() >= auditsBefore + 2);

        List<ConsumerRecord<byte[], byte[]>> mine = rejectedAudits(records).subList(auditsBefore,
                rejectedAudits(records).size());
        assertThat(mine).as("one audit event per rejection").hasSize(2);
        ConsumerRecord<byte[], byte[]> record = mine.getFirst();
        AuditEvent event = decode(record);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("openai");
        assertThat(event.getEventId()).isNotBlank();
        assertThat(event.getOccurredAt()).isBetween(Instant.now().minusSeconds(120), Instant.now());
        assertThat(event.getActor()).isEqualTo(INSTANCE_ID);
        assertThat(event.getSubject()).isEqualTo("openai");
        assertThat(event.getOutcome()).isEqualTo("failure");
        assertThat(event.getKeyFingerprint()).isEqualTo(sha256Hex(Worker.API_KEY).substring(0, 12));
        assertThat(event.getDetails()).containsKey("entry").containsEntry("retry_with", "none");
        String keyTail = Worker.API_KEY.substring(Worker.API_KEY.length() - 8);
        for (ConsumerRecord<byte[], byte[]> written : records) {
            // ISO-8859-1 maps each byte to one char, so the key's ASCII shows as itself wherever it is
            assertThat(new String(written.key(), StandardCharsets.ISO_8859_1) + "|"
                    + new String(written.value(), StandardCharsets.ISO_8859_1))
                    .doesNotContain(Worker.API_KEY).doesNotContain(keyTail);
        }
        assertThat(rejections()).isEqualTo(rejectionsBefore + 2);
    }

    @Test
    void failsOnACallerErrorWithTheProvidersMessage() {
        CompletionRequest request = Requests.request("Bad [mock:status=400]").build();

        relay.send(request);

        CompletionResult result = awaitResult(request);
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.FAILED);
        assertThat(result.getAttempts()).isEqualTo(1);
        assertThat(result.getError().getStatusCode()).isEqualTo(400);
        assertThat(result.getError().getMessage()).contains("Invalid request (requested by a mock directive).");
    }

    @Test
    void waitsWhatRetryAfterAsksBeforeRetryingARateLimitedCall() {
        mock.behaviour(MockBehaviour.healthy().withRateLimitRate(1.0).withRetryAfter(Duration.ofMillis(1500))
                .withLatency(Duration.ofMillis(300)));
        CompletionRequest request = Requests.request("Not so fast").build();

        relay.send(request);
        await().atMost(WAIT).until(() -> mock.inFlight() == 1);
        mock.behaviour(MockBehaviour.healthy());

        CompletionResult result = awaitResult(request);
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        assertThat(result.getAttempts()).isEqualTo(2);
        List<UsageEvent> events = awaitUsage(request, 2);
        UsageEvent limited = events.stream().filter(e -> e.getAttempt() == 1).findFirst().orElseThrow();
        UsageEvent answered = events.stream().filter(e -> e.getAttempt() == 2).findFirst().orElseThrow();
        assertThat(limited.getStatusCode()).isEqualTo(429);
        assertThat(Duration.between(limited.getOccurredAt(), answered.getOccurredAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void givesUpOnAMalformedAnswerAfterMaxAttempts() {
        CompletionRequest request = Requests.request("Garble [mock:malformed]").build();

        relay.send(request);

        CompletionResult result = awaitResult(request);
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.FAILED);
        assertThat(result.getAttempts()).isEqualTo(3);
        assertThat(result.getError().getCode()).isEqualTo("invalid_provider_response");
        assertThat(result.getError().getRetryable()).isTrue();
        assertThat(result.getError().getMessage()).contains("gave up after 3 attempts");
        assertThat(awaitUsage(request, 3)).extracting(UsageEvent::getStatusCode, UsageEvent::getSuccess)
                .containsOnly(tuple(200, false));
    }

    @Test
    void givesUpOnARateLimitWhoseRetryAfterEndsPastTheDeadline() {
        CompletionRequest request = Requests.request("Later [mock:status=429][mock:retry-after=30000]")
                .setDeadline(Instant.now().plusSeconds(10)).build();

        relay.send(request);

        CompletionResult result = awaitResult(request);
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.FAILED);
        assertThat(result.getAttempts()).isEqualTo(1);
        ExternalAPIError error = result.getError();
        assertThat(error.getCode()).isEqualTo("rate_limited");
        assertThat(error.getRetryable()).isTrue();
        assertThat(error.getRetryAfterMs()).isEqualTo(30_000L);
        assertThat(error.getMessage()).contains("would pass the deadline");
    }

    private static List<ConsumerRecord<byte[], byte[]>> rejectedAudits(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().filter(r -> "provider.credential_rejected".equals(decode(r).getAction())).toList();
    }

    private static AuditEvent decode(ConsumerRecord<byte[], byte[]> record) {
        return relay.topics.audit().valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    private static double rejections() {
        Counter counter = worker.getBean(MeterRegistry.class).find("relay.provider.credential.rejections")
                .tags("provider", "openai").counter();
        if (counter == null) {
            return 0;
        }
        assertThat(counter.getId().getTags()).as("tags of the rejection counter").hasSize(1);
        return counter.count();
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletionResult awaitResult(CompletionRequest request) {
        return await().atMost(WAIT).pollInSameThread()
                .until(() -> results.records().stream().filter(r -> r.key().equals(request.getRequestId())).findFirst(),
                        Optional::isPresent)
                .orElseThrow().value();
    }

    private static List<UsageEvent> awaitUsage(CompletionRequest request, int count) {
        return await().atMost(WAIT).pollInSameThread()
                .until(() -> usage.records().stream().map(ConsumerRecord::value)
                        .filter(e -> e.getRequestId().equals(request.getRequestId())).toList(), l -> l.size() >= count);
    }
}
