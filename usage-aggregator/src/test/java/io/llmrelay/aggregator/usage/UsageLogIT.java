package io.llmrelay.aggregator.usage;

import static io.llmrelay.aggregator.db.Tables.API_USAGE_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import io.llmrelay.aggregator.db.tables.records.ApiUsageLogsRecord;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.dlq.DeadLetter;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsageLogIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final PostgresServer postgres = SharedInfra.postgres();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private UsageTopics topics;
    private String jdbcUrl;

    @BeforeEach
    void ownTopicsAndDatabase() {
        topics = new UsageTopics();
        toClose.add(topics);
        jdbcUrl = postgres.createDatabase("agg_" + UsageTopics.randomHex());
    }

    @AfterEach
    void closeInReverseOrder() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    @Test
    void storesEveryFieldOfAUsageEventInApiUsageLogs() {
        RunningAggregator aggregator = startAggregator();
        String userUuid = "5d2b8f3c-1a4e-4c6b-9e7f-0a1b2c3d4e5f";
        Instant occurredAt = Instant.parse("2026-11-26T09:30:15.250Z");
        String attemptId = "9e4c1a7b-2f3d-4c6e-8b1a-5d7f9e2c4a60";
        UsageEvent priced = UsageEvents.priced("req-full", 1, userUuid).setAttemptId(attemptId)
                .setOccurredAt(occurredAt).build();
        UsageEvent unpriced = UsageEvent.newBuilder()
                .setRequestId("req-minimal").setAttempt(3).setUserId("svc-billing")
                .setProvider("acme-llm").setEndpoint("/v1/chat/completions").setModel("acme-1")
                .setUsage(new TokenUsage(7, 0, 0)).setCostMicros(0).setPriced(false)
                .setSuccess(false).setErrorMessage("connection reset").setOccurredAt(occurredAt)
                .build();

        topics.send(priced);
        topics.send(unpriced);

        DSLContext dsl = aggregator.dsl();
        await().atMost(WAIT).until(() -> dsl.fetchCount(API_USAGE_LOGS) == 2);
        ApiUsageLogsRecord full = dsl.selectFrom(API_USAGE_LOGS).where(API_USAGE_LOGS.REQUEST_ID.eq("req-full")).fetchSingle();
        assertThat(full.getId()).isNotNull();
        assertThat(full.getAttempt()).isEqualTo(1);
        assertThat(full.getAttemptId()).isEqualTo(attemptId);
        assertThat(full.getAttemptKey()).isEqualTo(attemptId);
        assertThat(full.getUserRef()).isEqualTo(userUuid);
        assertThat(full.getUserId()).isEqualTo(UUID.fromString(userUuid));
        assertThat(full.getTeamId()).isEqualTo("team-platform");
        assertThat(full.getKeyId()).isEqualTo("key-ci");
        assertThat(full.getProviderName()).isEqualTo("openai");
        assertThat(full.getEndpoint()).isEqualTo("/v1/chat/completions");
        assertThat(full.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(full.getPromptTokens()).isEqualTo(1_000);
        assertThat(full.getCompletionTokens()).isEqualTo(250);
        assertThat(full.getCachedPromptTokens()).isEqualTo(400);
        assertThat(full.getCostMicros()).isEqualTo(301_500L);
        assertThat(full.getCostCents()).isEqualTo(30);
        assertThat(full.getPriced()).isTrue();
        assertThat(full.getPriceInputMicrosPerMtok()).isEqualTo(150_000L);
        assertThat(full.getPriceCachedInputMicrosPerMtok()).isEqualTo(75_000L);
        assertThat(full.getPriceOutputMicrosPerMtok()).isEqualTo(600_000L);
        assertThat(full.getPriceSource()).isEqualTo("prices.yaml@2026-11");
        assertThat(full.getPriceEffectiveDate()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(full.getSuccess()).isTrue();
        assertThat(full.getStatusCode()).isEqualTo(200);
        assertThat(full.getErrorMessage()).isNull();
        assertThat(full.getRequestSizeBytes()).isEqualTo(1_536);
        assertThat(full.getResponseSizeBytes()).isEqualTo(4_096);
        assertThat(full.getProcessingTimeMs()).isEqualTo(842);
        assertThat(full.getOccurredAt().toInstant()).isEqualTo(occurredAt);
        assertThat(full.getTimestamp()).isEqualTo(LocalDateTime.ofInstant(occurredAt, ZoneOffset.UTC));

        ApiUsageLogsRecord minimal = dsl.selectFrom(API_USAGE_LOGS).where(API_USAGE_LOGS.REQUEST_ID.eq("req-minimal")).fetchSingle();
        assertThat(minimal.getAttempt()).isEqualTo(3);
        assertThat(minimal.getAttemptId()).isNull();
        assertThat(minimal.getAttemptKey()).isEqualTo("3");
        assertThat(minimal.getUserRef()).isEqualTo("svc-billing");
        assertThat(minimal.getUserId()).isNull();
        assertThat(minimal.getTeamId()).isNull();
        assertThat(minimal.getKeyId()).isNull();
        assertThat(minimal.getPriced()).isFalse();
        assertThat(minimal.getCostMicros()).isZero();
        assertThat(minimal.getCostCents()).isZero();
        assertThat(minimal.getPriceInputMicrosPerMtok()).isNull();
        assertThat(minimal.getPriceSource()).isNull();
        assertThat(minimal.getPriceEffectiveDate()).isNull();
        assertThat(minimal.getSuccess()).isFalse();
        assertThat(minimal.getStatusCode()).isNull();
        assertThat(minimal.getErrorMessage()).isEqualTo("connection reset");
        assertThat(minimal.getRequestSizeBytes()).isZero();
        assertThat(minimal.getProcessingTimeMs()).isZero();
    }

    /** Events without attempt_id, as producers that predate it write them: (request_id, attempt) identifies them. */
    @Test
    void storesEachRequestAttemptOnceHoweverOftenItIsDelivered() {
        RunningAggregator first = startAggregator();
        List<UsageEvent> batch = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> UsageEvents.priced("req-" + i, 1, "user-" + (i % 4)).build())
                .toList();
        batch.forEach(topics::send);
        topics.send(batch.getFirst());                                        // the same attempt, delivered again
        topics.send(UsageEvents.priced("req-1", 2, "user-1").build());        // a second attempt is a row of its own

        await().atMost(WAIT).until(() -> first.metrics().rowsInserted() == 21 && first.metrics().duplicatesSkipped() == 1);
        first.close();

        // a new consumer group replays the whole topic into the same table
        RunningAggregator replay = startAggregator();
        await().atMost(WAIT).until(() -> replay.metrics().duplicatesSkipped() == 22);

        assertThat(replay.metrics().rowsInserted()).isZero();
        DSLContext dsl = replay.dsl();
        assertThat(dsl.fetchCount(API_USAGE_LOGS)).isEqualTo(21);
        List<Record2<String, Integer>> keys = dsl.select(API_USAGE_LOGS.REQUEST_ID, API_USAGE_LOGS.ATTEMPT)
                .from(API_USAGE_LOGS).fetch();
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(keys).extracting(Record2::value1).filteredOn("req-1"::equals).hasSize(2);
    }

    @Test
    void storesTheProviderCallsOfARedeliveredRequestAndSkipsAResentCopyOfOne() {
        RunningAggregator aggregator = startAggregator();
        UsageEvent firstDelivery = UsageEvents.priced("req-redelivered", 1, "user-9")
                .setAttemptId("3a8f6c1e-0b2d-4e7a-9f15-c4d8e2b6a031").build();
        // the worker crashed before committing; the next one called the provider again, again as attempt 1
        UsageEvent secondDelivery = UsageEvents.priced("req-redelivered", 1, "user-9")
                .setAttemptId("b51d9e07-6c4a-4f2b-8e3d-17a0c5f9d2e8").build();

        topics.send(firstDelivery);
        topics.send(secondDelivery);
        topics.send(firstDelivery);                                           // the same call, sent again

        await().atMost(WAIT).until(() -> aggregator.metrics().rowsInserted() == 2
                && aggregator.metrics().duplicatesSkipped() == 1);
        DSLContext dsl = aggregator.dsl();
        assertThat(dsl.selectFrom(API_USAGE_LOGS).where(API_USAGE_LOGS.REQUEST_ID.eq("req-redelivered")).fetch())
                .extracting(ApiUsageLogsRecord::getAttempt, ApiUsageLogsRecord::getAttemptId)
                .containsExactlyInAnyOrder(tuple(1, firstDelivery.getAttemptId()), tuple(1, secondDelivery.getAttemptId()));
        assertThat(dsl.select(DSL.sum(API_USAGE_LOGS.COST_MICROS)).from(API_USAGE_LOGS).fetchSingle().value1())
                .as("both calls are billed").isEqualByComparingTo(BigDecimal.valueOf(2 * firstDelivery.getCostMicros()));
    }

    @Test
    void deadLettersAnUndecodableRecordAndStoresTheNextOne() {
        RunningAggregator aggregator = startAggregator();
        byte[] key = "user-poison".getBytes(StandardCharsets.UTF_8);
        byte[] poison = new byte[64];
        new Random(42).nextBytes(poison);
        poison[0] = 0x00; // never Avro's single-object marker (0xC3 0x01)

        RecordMetadata poisoned = topics.sendRaw(key, poison);
        topics.send(UsageEvents.priced("req-after-poison", 1, "user-poison").build());

        DSLContext dsl = aggregator.dsl();
        await().atMost(WAIT).until(() -> dsl.fetchCount(API_USAGE_LOGS, API_USAGE_LOGS.REQUEST_ID.eq("req-after-poison")) == 1);
        List<ConsumerRecord<byte[], byte[]>> deadLetters = topics.readDeadLetters(1);
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<byte[], byte[]> deadLetter = deadLetters.getFirst();
        assertThat(deadLetter.key()).isEqualTo(key);
        assertThat(deadLetter.value()).isEqualTo(poison);
        assertThat(DeadLetter.header(deadLetter.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(topics.usage.name());
        assertThat(DeadLetter.header(deadLetter.headers(), DeadLetter.SOURCE_PARTITION))
                .isEqualTo(Integer.toString(poisoned.partition()));
        assertThat(DeadLetter.header(deadLetter.headers(), DeadLetter.SOURCE_OFFSET))
                .isEqualTo(Long.toString(poisoned.offset()));
        assertThat(DeadLetter.header(deadLetter.headers(), DeadLetter.ERROR_CLASS))
                .isEqualTo(SerializationException.class.getName());
        assertThat(DeadLetter.header(deadLetter.headers(), DeadLetter.ERROR_MESSAGE)).contains("not a UsageEvent");
        assertThat(DeadLetter.header(deadLetter.headers(), DeadLetter.FAILED_BY)).isEqualTo("usage-aggregator");
        assertThat(Instant.parse(DeadLetter.header(deadLetter.headers(), DeadLetter.FAILED_AT)))
                .isBetween(Instant.now().minus(WAIT), Instant.now());
        assertThat(aggregator.metrics().deadLettered()).isEqualTo(1);
    }

    @Test
    void deadLettersARowPostgresRefusesAndStoresTheRestOfItsBatch() {
        // produced before the aggregator starts, so that one poll very likely returns all three as one batch
        topics.send(UsageEvents.priced("req-before", 1, "user-7").build());
        RecordMetadata refused = topics.send(UsageEvents.priced("req-refused", 1, "user-7")
                .setProvider("p".repeat(101)).build());                       // provider_name is VARCHAR(100)
        topics.send(UsageEvents.priced("req-after", 1, "user-7").build());
        RunningAggregator aggregator = startAggregator();

        DSLContext dsl = aggregator.dsl();
        await().atMost(WAIT).until(() -> aggregator.metrics().rowsInserted() == 2 && aggregator.metrics().deadLettered() == 1);
        assertThat(dsl.select(API_USAGE_LOGS.REQUEST_ID).from(API_USAGE_LOGS).fetch(API_USAGE_LOGS.REQUEST_ID))
                .containsExactlyInAnyOrder("req-before", "req-after");
        ConsumerRecord<byte[], byte[]> deadLetter = topics.readDeadLetters(1).getFirst();
        assertThat(DeadLetter.header(deadLetter.headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo(Long.toString(refused.offset()));
        assertThat(DeadLetter.header(deadLetter.headers(), DeadLetter.ERROR_MESSAGE)).contains("value too long");
        assertThat(topics.usage.valueSerde().deserializer().deserialize(topics.usage.name(), deadLetter.value()).getRequestId())
                .isEqualTo("req-refused");
    }

    private RunningAggregator startAggregator() {
        RunningAggregator aggregator = RunningAggregator.start(
                topics.aggregatorProperties(jdbcUrl, postgres.username(), postgres.password()));
        toClose.add(aggregator);
        return aggregator;
    }
}
