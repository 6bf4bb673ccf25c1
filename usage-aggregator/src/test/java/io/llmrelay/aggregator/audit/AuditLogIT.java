package io.llmrelay.aggregator.audit;

import static io.llmrelay.aggregator.db.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmrelay.aggregator.AggregatorApplication;
import io.llmrelay.aggregator.db.tables.records.AuditEventsRecord;
import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.schemas.dlq.DeadLetter;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole aggregator against the shared broker and PostgreSQL: {@code llm.audit} into {@code audit_events}. */
class AuditLogIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".";
    private static final Topic<String, AuditEvent> AUDIT = Topics.AUDIT.withPrefix(PREFIX);
    private static final Topic<byte[], byte[]> DEAD_LETTERS = Topics.USAGE_DLQ.withPrefix(PREFIX);

    private static KafkaProducer<byte[], byte[]> producer;
    private static ConfigurableApplicationContext aggregator;
    private static DSLContext dsl;

    @BeforeAll
    static void start() {
        String bootstrap = SharedInfra.kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicProvisioner.ensure(admin, List.of(AUDIT, DEAD_LETTERS, Topics.USAGE.withPrefix(PREFIX)),
                    SharedInfra.kafka().replicationFactor());
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 0),
                new ByteArraySerializer(), new ByteArraySerializer());
        PostgresServer postgres = SharedInfra.postgres();
        String jdbcUrl = postgres.createDatabase("audit_" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt()));
        aggregator = new SpringApplicationBuilder(AggregatorApplication.class).run(
                "--server.port=0",
                "--relay.kafka.bootstrap-servers=" + bootstrap,
                "--relay.kafka.topic-prefix=" + PREFIX,
                "--relay.aggregator.group-id=it-usage-" + UUID.randomUUID(),
                "--relay.aggregator.audit.group-id=it-audit-" + UUID.randomUUID(),
                "--relay.aggregator.poll-timeout=200ms",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password());
        dsl = aggregator.getBean(DSLContext.class);
    }

    @AfterAll
    static void stop() {
        if (aggregator != null) {
            aggregator.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void storesEveryFieldOfAnEventOnceHoweverOftenItIsDelivered() {
        Instant occurredAt = Instant.parse("2026-11-26T10:15:30.125Z");
        AuditEvent rotated = event("relay_key.rotated", "rk_rotatedkeyaaaaaaaaaa", occurredAt)
                .setKeyFingerprint("3f9a0c1d2e4b").setDetails(Map.of("user_id", "alice", "grace_period", "PT1H"))
                .build();
        AuditEvent other = event("relay_key.revoked", "rk_rotatedkeyaaaaaaaaaa", occurredAt.plusSeconds(60)).build();

        send(rotated);
        send(rotated);
        send(other);
        send(rotated);

        await().atMost(WAIT).until(() -> stored(rotated.getEventId()) + stored(other.getEventId()) == 2
                && aggregator.getBean(AuditMetrics.class).duplicatesSkipped() >= 2);
        AuditEventsRecord row = dsl.selectFrom(AUDIT_EVENTS).where(AUDIT_EVENTS.EVENT_ID.eq(rotated.getEventId()))
                .fetchSingle();
        assertThat(row.getOccurredAt().toInstant()).isEqualTo(occurredAt);
        assertThat(row.getActor()).isEqualTo("admin");
        assertThat(row.getAction()).isEqualTo("relay_key.rotated");
        assertThat(row.getSubject()).isEqualTo("rk_rotatedkeyaaaaaaaaaa");
        assertThat(row.getOutcome()).isEqualTo("success");
        assertThat(row.getKeyFingerprint()).isEqualTo("3f9a0c1d2e4b");
        JsonNode details = JsonMapper.builder().build().readTree(row.getDetails().data());
        assertThat(details.propertyNames()).containsExactlyInAnyOrder("user_id", "grace_period");
        assertThat(details.path("user_id").stringValue()).isEqualTo("alice");
        assertThat(details.path("grace_period").stringValue()).isEqualTo("PT1H");
        assertThat(row.getReceivedAt()).isNotNull();
        assertThat(stored(other.getEventId())).isEqualTo(1);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextEventIsStored() {
        byte[] poison = "not an AuditEvent".getBytes(StandardCharsets.UTF_8);
        AuditEvent next = event("relay_key.created", "rk_afterpoisonaaaaaaaa", Instant.now()).build();

        sendRaw("rk_afterpoisonaaaaaaaa", poison);
        send(next);

        await().atMost(WAIT).until(() -> stored(next.getEventId()) == 1);
        ConsumerRecord<byte[], byte[]> deadLetter = deadLetterFrom(AUDIT.name(), poison);
        assertThat(DeadLetter.header(deadLetter.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(AUDIT.name());
        assertThat(DeadLetter.header(deadLetter.headers(), DeadLetter.ERROR_CLASS)).contains("Serialization");
        assertThat(aggregator.getBean(AuditMetrics.class).deadLettered()).isPositive();
    }

    @Test
    void anEventWithANulCharacterIsStoredWithAReplacementCharacter() {
        AuditEvent odd = event("relay_key.rejected", "relay_key:unknown", Instant.now())
                .setDetails(Map.of("path", "/v1/chat\u0000/completions")).build();

        send(odd);

        await().atMost(WAIT).until(() -> stored(odd.getEventId()) == 1);
        assertThat(dsl.select(AUDIT_EVENTS.DETAILS).from(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.EVENT_ID.eq(odd.getEventId())).fetchSingle().value1().data())
                .contains("/v1/chat\uFFFD/completions");
    }

    /** The first query of ANALYSTS.md's audit_events section, as written (failsafe runs in the module directory). */
    @Test
    void theAnalystsQueryListsWhoRotatedOrRevokedWhatInTheLastSevenDays() throws IOException {
        String guide = Files.readString(Path.of("ANALYSTS.md"));
        String section = guide.substring(guide.indexOf("## audit_events"));
        Matcher sql = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(sql.find()).isTrue();
        String subject = "rk_analystqueryaaaaaaa";
        AuditEvent rotated = event("relay_key.rotated", subject, Instant.now().minus(Duration.ofDays(1)))
                .setDetails(Map.of("user_id", "alice", "team_id", "research", "grace_period", "PT1H")).build();
        AuditEvent revoked = event("relay_key.revoked", subject, Instant.now().minus(Duration.ofHours(1)))
                .setDetails(Map.of("user_id", "alice")).build();
        AuditEvent longAgo = event("relay_key.revoked", subject, Instant.now().minus(Duration.ofDays(8))).build();
        AuditEvent created = event("relay_key.created", subject, Instant.now()).build();
        for (AuditEvent event : List.of(rotated, revoked, longAgo, created)) {
            send(event);
        }
        await().atMost(WAIT).until(() -> dsl.fetchCount(AUDIT_EVENTS, AUDIT_EVENTS.SUBJECT.eq(subject)) == 4);

        List<List<Object>> rows = dsl.fetch(sql.group(1)).stream()
                .filter(row -> subject.equals(row.get("key_id")))
                .map(row -> List.of(row.get("action"), row.get("actor"), String.valueOf(row.get("key_user")),
                        String.valueOf(row.get("grace_period"))))
                .toList();

        assertThat(rows).containsExactly(
                List.of("relay_key.revoked", "admin", "alice", "null"),
                List.of("relay_key.rotated", "admin", "alice", "PT1H"));
    }

    private static AuditEvent.Builder event(String action, String subject, Instant occurredAt) {
        return AuditEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(occurredAt)
                .setActor("admin").setAction(action).setSubject(subject).setOutcome("success")
                .setKeyFingerprint(null).setDetails(Map.of());
    }

    private static int stored(String eventId) {
        return dsl.fetchCount(AUDIT_EVENTS, AUDIT_EVENTS.EVENT_ID.eq(eventId));
    }

    private static void send(AuditEvent event) {
        sendRaw(event.getSubject(), AUDIT.valueSerde().serializer().serialize(AUDIT.name(), event));
    }

    private static void sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(AUDIT.name(), key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("test producer could not send", e.getCause());
        }
    }

    private static ConsumerRecord<byte[], byte[]> deadLetterFrom(String sourceTopic, byte[] value) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                SharedInfra.kafka().bootstrapServers(), "group.id", "it-dlq-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DEAD_LETTERS.name()));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (sourceTopic.equals(DeadLetter.header(record.headers(), DeadLetter.SOURCE_TOPIC))
                            && Arrays.equals(record.value(), value)) {
                        found.add(record);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.getFirst();
    }
}
