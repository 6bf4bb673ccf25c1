package io.llmrelay.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.kafka.KafkaCluster;
import io.llmrelay.worker.kafka.WorkerTopics;
import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.Secret;
import io.llmrelay.worker.publish.OutcomePublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The credential layer's audit trail as it lands on a real {@code llm.audit} (the shared embedded broker), written
 * through the worker's own {@link OutcomePublisher}: every load, refusal, rejection and mark, in order, keyed by the
 * provider, and neither a key, a KEK nor a tail of either in any record or log line.
 */
class CredentialAuditIT {

    private static final String ACTOR = "credential-audit-it";
    private static final String KEY_1 = "sk-proj-audit-first-0123456789";
    private static final String KEY_2 = "sk-proj-audit-second-0123456789";
    private static final String ROTATED = "sk-proj-audit-rotated-0123456789";
    private static final String PLAIN = "sk-proj-audit-plain-0123456789";

    private final String kek = KeyEncryptionKeys.generate("k1");
    private final EnvelopeCipher cipher = new EnvelopeCipher(KeyEncryptionKeys.parse(kek, "test"));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private KafkaCluster kafka;
    private WorkerTopics topics;
    private KafkaProducer<byte[], byte[]> producer;
    private OutcomePublisher publisher;

    @BeforeEach
    void start() {
        kafka = SharedInfra.kafka();
        topics = WorkerTopics.withPrefix("it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
                + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, List.of(topics.audit()), kafka.replicationFactor());
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        publisher = new OutcomePublisher(producer, topics, ACTOR, Clock.systemUTC());
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void stop() {
        root().detachAppender(logs);
        producer.close();
    }

    @Test
    void everyCredentialEventReachesLlmAuditByFingerprintOnly() {
        MemorySource source = new MemorySource()
                .put("openai-api-key", cipher.encrypt("openai-api-key", "k1", KEY_1))
                .put("openai-api-key-2", cipher.encrypt("openai-api-key-2", "k1", KEY_2))
                .put("openai-api-key-3", PLAIN)
                .put("openai-api-key-4", cipher.encrypt("openai-api-key-3", "k1", KEY_2));
        CredentialEvents events = new CredentialEvents(publisher::audit, ACTOR, Clock.systemUTC(),
                new SimpleMeterRegistry());
        CredentialSupplier supplier = SourceCredentialSupplier.start("openai", ProviderKind.OPENAI, source,
                new EntryDecoder(cipher, true), events);

        supplier.rejected(new Credential("external-api-secrets/openai-api-key", Secret.of(KEY_1),
                Credential.Type.API_KEY));
        source.put("openai-api-key", cipher.encrypt("openai-api-key", "k1", ROTATED));

        List<ConsumerRecord<byte[], byte[]>> records = await().atMost(Duration.ofSeconds(60))
                .until(this::auditRecords, r -> r.size() >= 7);
        List<AuditEvent> written = records.stream().map(this::decode).toList();
        assertThat(written).extracting(AuditEvent::getAction, e -> e.getDetails().get("entry")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("credential.loaded", "memory/openai-api-key"),
                org.assertj.core.groups.Tuple.tuple("credential.loaded", "memory/openai-api-key-2"),
                org.assertj.core.groups.Tuple.tuple("credential.invalid", "memory/openai-api-key-3"),
                org.assertj.core.groups.Tuple.tuple("credential.decryption_failed", "memory/openai-api-key-4"),
                org.assertj.core.groups.Tuple.tuple("provider.credential_rejected",
                        "external-api-secrets/openai-api-key"),
                org.assertj.core.groups.Tuple.tuple("provider.credential_marked_bad",
                        "external-api-secrets/openai-api-key"),
                org.assertj.core.groups.Tuple.tuple("credential.rotated", "memory/openai-api-key"));
        assertThat(written).allSatisfy(event -> {
            assertThat(event.getActor()).isEqualTo(ACTOR);
            assertThat(event.getSubject()).isEqualTo("openai");
            assertThat(event.getEventId()).isNotBlank();
            assertThat(event.getOccurredAt()).isBetween(Instant.now().minusSeconds(120), Instant.now());
        });
        assertThat(written.get(4).getKeyFingerprint()).isEqualTo(Secret.of(KEY_1).fingerprint());
        assertThat(written.get(6).getKeyFingerprint()).isEqualTo(Secret.of(ROTATED).fingerprint());
        assertThat(records).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8))
                .isEqualTo("openai"));

        List<String> text = new ArrayList<>();
        records.forEach(r -> text.add(new String(r.value(), StandardCharsets.ISO_8859_1)));
        logs.list.forEach(line -> text.add(line.getFormattedMessage()));
        assertThat(logs.list).isNotEmpty();
        String kekValue = kek.substring(kek.indexOf('=') + 1);
        for (String secret : List.of(KEY_1, KEY_2, ROTATED, PLAIN, kekValue)) {
            String tail = secret.substring(secret.length() - 8);
            assertThat(text).allSatisfy(line -> assertThat(line).doesNotContain(secret).doesNotContain(tail));
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> auditRecords() {
        Topic<String, AuditEvent> audit = topics.audit();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(audit.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private AuditEvent decode(ConsumerRecord<byte[], byte[]> record) {
        return topics.audit().valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
