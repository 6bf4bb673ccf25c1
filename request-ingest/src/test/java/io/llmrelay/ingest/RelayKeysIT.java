package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.llmrelay.ingest.auth.KeyHash;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.testkit.SharedInfra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Relay keys in PostgreSQL: two ingest replicas on one database (the first with the admin API, the second without an
 * admin key), the shared broker, the fake worker. Keys made through the admin API authenticate on both replicas;
 * a change holds at once on the replica that made it and reaches the other through its snapshot refresh (300 ms
 * here).
 */
@ExtendWith(OutputCaptureExtension.class)
class RelayKeysIT {

    private static final String ADMIN_KEY = "admin-it-" + randomHex();
    private static final Duration PROPAGATION = Duration.ofSeconds(10);

    private static TestTopics topics;
    private static FakeWorker worker;
    private static AuditTail audit;
    private static IngestInstance first;
    private static IngestInstance second;
    private static KeyAdmin admin;

    @BeforeAll
    static void start() {
        topics = TestTopics.create();
        worker = FakeWorker.start(topics, FakeWorker::byScenario);
        audit = new AuditTail(topics);
        String jdbcUrl = SharedInfra.postgres().createDatabase("ingest_keys_" + randomHex());
        first = replica(jdbcUrl, 0, "relay.ingest.admin-key=" + ADMIN_KEY);
        second = replica(jdbcUrl, 1);
        admin = new KeyAdmin(first, ADMIN_KEY);
    }

    private static IngestInstance replica(String jdbcUrl, int partition, String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "relay.ingest.instance-id=it-keys-" + partition,
                "relay.ingest.reply-partition=" + partition,
                "relay.ingest.database.url=" + jdbcUrl,
                "relay.ingest.database.username=" + SharedInfra.postgres().username(),
                "relay.ingest.database.password=" + SharedInfra.postgres().password(),
                "relay.ingest.keys-refresh=300ms",
                // the most a misconfigured deployment would log about requests
                "logging.level.io.llmrelay=DEBUG",
                "logging.level.org.springframework.web=DEBUG"));
        properties.addAll(List.of(more));
        return IngestInstance.start(topics, properties.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {first, second, audit, worker}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void aCreatedKeyWorksOnEveryReplicaAndItsRequestsCarryItsIdUserAndTeam() {
        JsonNode created = admin.create("{\"user_id\":\"alice\",\"team_id\":\"research\"}");
        String id = created.path("id").stringValue();
        String key = created.path("key").stringValue();

        assertThat(id).matches("rk_[a-z2-7]{20}");
        assertThat(key).startsWith("rk-").hasSizeGreaterThanOrEqualTo(3 + 43);
        assertThat(created.path("status").stringValue()).isEqualTo("active");
        assertThat(chat(first, key, "mock-model", "from alice on the first").statusCode()).isEqualTo(200);
        awaitStatus(second, key, 200);

        assertThat(worker.receivedFrom("alice")).isNotEmpty().allSatisfy(request -> {
            assertThat(request.getKeyId()).isEqualTo(id);
            assertThat(request.getTeamId()).isEqualTo("research");
        });
        await().atMost(PROPAGATION).untilAsserted(() -> assertThat(audit.events("relay_key.created", id))
                .singleElement().satisfies(event -> {
                    assertThat(event.getActor()).isEqualTo("admin");
                    assertThat(event.getOutcome()).isEqualTo("success");
                    assertThat(event.getKeyFingerprint()).isEqualTo(KeyHash.auditFingerprint(key));
                    assertThat(event.getDetails()).containsEntry("user_id", "alice")
                            .containsEntry("team_id", "research");
                }));
    }

    @Test
    void listAndShowNeverRevealAKeyOrItsHash() {
        JsonNode created = admin.create("{\"user_id\":\"lister\",\"allowed_models\":[\"mock-model\"],"
                + "\"rpm_limit\":60,\"budget_micro_usd\":5000000}");
        String id = created.path("id").stringValue();
        String key = created.path("key").stringValue();

        HttpResponse<String> list = admin.list();
        HttpResponse<String> one = Http.get(first.uri("/admin/keys/" + id), ADMIN_KEY);

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(one.statusCode()).isEqualTo(200);
        for (HttpResponse<String> response : List.of(list, one)) {
            assertThat(response.body()).doesNotContain(key, key.substring(3), KeyHash.sha256Hex(key),
                    "key_hash", "\"key\"");
        }
        JsonNode listed = null;
        for (JsonNode entry : Http.json(list).path("data")) {
            if (entry.path("id").stringValue().equals(id)) {
                listed = entry;
            }
        }
        assertThat(listed).as("key %s in the list", id).isNotNull();
        assertThat(listed.path("user_id").stringValue()).isEqualTo("lister");
        assertThat(listed.path("allowed_models").get(0).stringValue()).isEqualTo("mock-model");
        assertThat(listed.path("rpm_limit").intValue()).isEqualTo(60);
        assertThat(listed.path("budget_micro_usd").longValue()).isEqualTo(5_000_000L);
        assertThat(Http.json(one).path("id").stringValue()).isEqualTo(id);
    }

    @Test
    void aRevokedKeyIsRefusedOnTheOtherReplicaWithinSecondsExactlyLikeAnUnknownKey() {
        JsonNode created = admin.create("{\"user_id\":\"bob\"}");
        String id = created.path("id").stringValue();
        String key = created.path("key").stringValue();
        awaitStatus(second, key, 200);

        JsonNode revoked = admin.revoke(id);

        assertThat(revoked.path("status").stringValue()).isEqualTo("revoked");
        assertThat(revoked.path("revoked_at").isString()).isTrue();
        assertThat(chat(first, key, "mock-model", "right after revoking").statusCode()).isEqualTo(401);
        HttpResponse<String> refused = awaitStatus(second, key, 401);
        HttpResponse<String> unknown = chat(second, "rk-never-issued-" + randomHex(), "mock-model", "unknown");
        assertThat(Http.json(refused).path("error").path("code").stringValue()).isEqualTo("invalid_api_key");
        assertThat(withoutFingerprint(refused)).isEqualTo(withoutFingerprint(unknown));
        // revoking again changes nothing and is not audited twice
        assertThat(admin.revoke(id).path("revoked_at")).isEqualTo(revoked.path("revoked_at"));
        await().atMost(PROPAGATION).untilAsserted(() -> assertThat(audit.events("relay_key.revoked", id))
                .singleElement().satisfies(event -> assertThat(event.getKeyFingerprint()).isNull()));
    }

    @Test
    void refusedAuthenticationsAreAuditedWithoutKeyMaterial() {
        String wrongKey = "rk-wrong-" + randomHex();

        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(chat(second, wrongKey, "mock-model", "wrong key").statusCode()).isEqualTo(401);
            return audit.events().stream().anyMatch(e -> e.getAction().equals("relay_key.rejected")
                    && e.getActor().equals("request-ingest/it-keys-1"));
        });

        assertThat(audit.events()).filteredOn(e -> e.getAction().equals("relay_key.rejected")).allSatisfy(event -> {
            assertThat(event.getOutcome()).isEqualTo("failure");
            assertThat(event.getKeyFingerprint()).isNull();
            assertThat(event.getDetails()).containsKey("reason").containsEntry("path", "/v1/chat/completions");
            assertThat(event.toString()).doesNotContain(wrongKey, KeyHash.sha256Hex(wrongKey).substring(0, 8));
        });
    }

    @Test
    void aRotatedKeyWorksAlongsideTheNewOneDuringItsGracePeriodAndIsRefusedAfterIt() {
        JsonNode created = admin.create("{\"user_id\":\"carol\"}");
        String id = created.path("id").stringValue();
        String original = created.path("key").stringValue();

        JsonNode rotated = admin.rotate(id, "{\"grace_period\":\"PT1H\"}");
        String replacement = rotated.path("key").stringValue();

        assertThat(rotated.path("id").stringValue()).isEqualTo(id);
        assertThat(replacement).isNotEqualTo(original);
        assertThat(Instant.parse(rotated.path("previous_valid_until").stringValue()))
                .isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        awaitStatus(second, replacement, 200);
        assertThat(chat(second, original, "mock-model", "old key in its grace period").statusCode()).isEqualTo(200);
        assertThat(chat(first, original, "mock-model", "old key in its grace period").statusCode()).isEqualTo(200);

        // a rotation without grace ends the previous key at once, and the one before it too
        String third = admin.rotate(id, "{\"grace_period\":\"PT0S\"}").path("key").stringValue();

        awaitStatus(second, third, 200);
        assertThat(chat(second, replacement, "mock-model", "replaced without grace").statusCode()).isEqualTo(401);
        assertThat(chat(second, original, "mock-model", "two rotations ago").statusCode()).isEqualTo(401);
        assertThat(worker.receivedFrom("carol")).isNotEmpty().allSatisfy(r -> assertThat(r.getKeyId()).isEqualTo(id));
        await().atMost(PROPAGATION).untilAsserted(() -> assertThat(audit.events("relay_key.rotated", id))
                .hasSize(2).allSatisfy(event -> assertThat(event.getKeyFingerprint()).isIn(
                        KeyHash.auditFingerprint(replacement), KeyHash.auditFingerprint(third))));
    }

    @Test
    void anExpiredKeyIsRefusedAndListedAsExpired() {
        String expiresAt = Instant.now().plusSeconds(2).toString();
        JsonNode created = admin.create("{\"user_id\":\"dave\",\"expires_at\":\"" + expiresAt + "\"}");
        String id = created.path("id").stringValue();
        String key = created.path("key").stringValue();

        await().atMost(PROPAGATION).until(() -> Instant.now().isAfter(Instant.parse(expiresAt)));

        assertThat(chat(first, key, "mock-model", "after expiry").statusCode()).isEqualTo(401);
        assertThat(chat(second, key, "mock-model", "after expiry").statusCode()).isEqualTo(401);
        assertThat(Http.json(Http.get(first.uri("/admin/keys/" + id), ADMIN_KEY)).path("status").stringValue())
                .isEqualTo("expired");
        assertThat(Http.postJson(first.uri("/admin/keys/" + id + "/rotate"), ADMIN_KEY, "").statusCode())
                .isEqualTo(409);
    }

    @Test
    void aKeyRestrictedToSomeModelsGets403ForOthers() {
        String key = admin.create("{\"user_id\":\"erin\",\"allowed_models\":[\"mock-model\"]}").path("key")
                .stringValue();
        awaitStatus(first, key, 200);

        HttpResponse<String> refused = chat(first, key, "gpt-4o", "not allowed");

        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode error = Http.json(refused).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("model_not_allowed");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").stringValue()).isEqualTo("model");
        assertThat(worker.receivedFrom("erin")).allSatisfy(r -> assertThat(r.getModel()).isEqualTo("mock-model"));
    }

    @Test
    void aKeyOverItsRequestsPerMinuteGets429WithRetryAfter() {
        String key = admin.create("{\"user_id\":\"frank\",\"rpm_limit\":2}").path("key").stringValue();
        awaitStatus(second, key, 200);

        assertThat(chat(second, key, "mock-model", "second of two").statusCode()).isEqualTo(200);
        HttpResponse<String> limited = chat(second, key, "mock-model", "third");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Http.json(limited).path("error").path("code").stringValue()).isEqualTo("rate_limit_exceeded");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 30L);
        // per replica: the other replica has a bucket of its own
        assertThat(chat(first, key, "mock-model", "on the other replica").statusCode()).isEqualTo(200);
    }

    @Test
    void adminCallsWithoutOrWithAWrongAdminKeyAre401AndChangeNothing() {
        JsonNode victim = admin.create("{\"user_id\":\"grace\"}");
        String id = victim.path("id").stringValue();
        int keysBefore = Http.json(admin.list()).path("data").size();

        List<HttpResponse<String>> refused = new ArrayList<>();
        for (String wrong : new String[] {null, "not-the-admin-key", ADMIN_KEY + "x", victim.path("key").stringValue()}) {
            KeyAdmin intruder = new KeyAdmin(first, wrong);
            refused.add(Http.postJson(first.uri("/admin/keys"), wrong, "{\"user_id\":\"mallory\"}"));
            refused.add(Http.postJson(first.uri("/admin/keys/" + id + "/revoke"), wrong, ""));
            refused.add(Http.postJson(first.uri("/admin/keys/" + id + "/rotate"), wrong, ""));
            refused.add(intruder.delete(id));
            refused.add(intruder.list());
        }

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(Http.json(response).path("error").path("code").stringValue()).isEqualTo("invalid_api_key");
        });
        assertThat(Http.json(admin.list()).path("data").size()).isEqualTo(keysBefore);
        assertThat(chat(first, victim.path("key").stringValue(), "mock-model", "still mine").statusCode())
                .isEqualTo(200);
        assertThat(audit.events()).noneMatch(e -> e.getSubject().equals(id) && !e.getAction().equals(
                "relay_key.created"));
        await().atMost(PROPAGATION).untilAsserted(() -> assertThat(audit.events()).filteredOn(e -> e.getAction()
                .equals("admin_key.rejected")).isNotEmpty().allSatisfy(event -> {
                    assertThat(event.getSubject()).isEqualTo("admin_api");
                    assertThat(event.getKeyFingerprint()).isNull();
                    assertThat(event.getDetails().get("reason")).isIn("missing_key", "wrong_key");
                    assertThat(event.toString()).doesNotContain(ADMIN_KEY, "not-the-admin-key");
                }));
    }

    @Test
    void theAdminApiIsAbsentOnAReplicaWithoutAnAdminKey() {
        HttpResponse<String> response = Http.get(second.uri("/admin/keys"), ADMIN_KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Http.json(response).path("error").path("code").stringValue()).isEqualTo("unknown_url");
    }

    static Stream<Arguments> invalidCreations() {
        return Stream.of(
                Arguments.of("[]", null),
                Arguments.of("not json", null),
                Arguments.of("{}", "user_id"),
                Arguments.of("{\"user_id\":42}", "user_id"),
                Arguments.of("{\"user_id\":\"\"}", "user_id"),
                Arguments.of("{\"user_id\":\"" + "u".repeat(201) + "\"}", "user_id"),
                Arguments.of("{\"user_id\":\"u\",\"team_id\":[\"t\"]}", "team_id"),
                Arguments.of("{\"user_id\":\"u\",\"allowed_models\":\"mock-model\"}", "allowed_models"),
                Arguments.of("{\"user_id\":\"u\",\"allowed_models\":[]}", "allowed_models"),
                Arguments.of("{\"user_id\":\"u\",\"allowed_models\":[\"no-such-model\"]}", "allowed_models[0]"),
                Arguments.of("{\"user_id\":\"u\",\"allowed_models\":[\"mock-model\",7]}", "allowed_models[1]"),
                Arguments.of("{\"user_id\":\"u\",\"expires_at\":\"tomorrow\"}", "expires_at"),
                Arguments.of("{\"user_id\":\"u\",\"expires_at\":\"2020-01-01T00:00:00Z\"}", "expires_at"),
                Arguments.of("{\"user_id\":\"u\",\"rpm_limit\":0}", "rpm_limit"),
                Arguments.of("{\"user_id\":\"u\",\"rpm_limit\":1.5}", "rpm_limit"),
                Arguments.of("{\"user_id\":\"u\",\"rpm_limit\":\"60\"}", "rpm_limit"),
                Arguments.of("{\"user_id\":\"u\",\"budget_micro_usd\":-1}", "budget_micro_usd"),
                Arguments.of("{\"user_id\":\"u\",\"rpm\":60}", "rpm"));
    }

    @ParameterizedTest
    @MethodSource("invalidCreations")
    void invalidCreationsAre400NamingTheParameterAndCreateNothing(String body, String param) {
        int keysBefore = Http.json(admin.list()).path("data").size();

        HttpResponse<String> response = Http.postJson(first.uri("/admin/keys"), ADMIN_KEY, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = Http.json(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").isNull() ? null : error.path("param").stringValue()).isEqualTo(param);
        assertThat(Http.json(admin.list()).path("data").size()).isEqualTo(keysBefore);
    }

    @Test
    void invalidGracePeriodsAndUnknownIdsAreRefused() {
        String id = admin.create("{\"user_id\":\"heidi\"}").path("id").stringValue();

        assertThat(Http.postJson(first.uri("/admin/keys/" + id + "/rotate"), ADMIN_KEY, "{\"grace_period\":\"1h\"}")
                .statusCode()).isEqualTo(400);
        assertThat(Http.postJson(first.uri("/admin/keys/" + id + "/rotate"), ADMIN_KEY, "{\"grace_period\":\"P8D\"}")
                .statusCode()).isEqualTo(400);
        assertThat(Http.postJson(first.uri("/admin/keys/" + id + "/rotate"), ADMIN_KEY, "{\"grace_period\":\"-PT1S\"}")
                .statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = Http.postJson(first.uri("/admin/keys/rk_aaaaaaaaaaaaaaaaaaaa/revoke"),
                ADMIN_KEY, "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown).path("error").path("code").stringValue()).isEqualTo("key_not_found");
        assertThat(audit.events()).noneMatch(e -> e.getSubject().equals(id) && e.getAction().equals(
                "relay_key.rotated"));
    }

    @Test
    void plainKeysNeverAppearInLogsOrKafkaRecords(CapturedOutput output) {
        JsonNode created = admin.create("{\"user_id\":\"ivan\",\"team_id\":\"ops\"}");
        String id = created.path("id").stringValue();
        String key = created.path("key").stringValue();
        awaitStatus(second, key, 200);
        String rotatedKey = admin.rotate(id, "{\"grace_period\":\"PT0S\"}").path("key").stringValue();
        awaitStatus(second, rotatedKey, 200);
        assertThat(chat(second, key, "mock-model", "old key").statusCode()).isEqualTo(401);
        admin.revoke(id);
        awaitStatus(second, rotatedKey, 401);
        await().atMost(PROPAGATION).until(() -> audit.events("relay_key.revoked", id).size() == 1);

        for (String secret : List.of(key, rotatedKey, ADMIN_KEY)) {
            String body = secret.startsWith("rk-") ? secret.substring(3) : secret;
            assertThat(output.getAll()).doesNotContain(body, KeyHash.sha256Hex(secret));
            assertThat(recordsOf(Topics.REQUESTS.name(), Topics.RESULTS.name(), Topics.AUDIT.name()))
                    .noneMatch(bytes -> new String(bytes, StandardCharsets.ISO_8859_1).contains(body));
        }
        assertThat(worker.receivedFrom("ivan")).isNotEmpty();
    }

    private static HttpResponse<String> chat(IngestInstance ingest, String key, String model, String prompt) {
        return Http.postJson(ingest.uri("/v1/chat/completions"), key, Http.chat(model, prompt, ""));
    }

    /** Waits for the snapshot refresh: asks until the key gets {@code status} on that replica. */
    private static HttpResponse<String> awaitStatus(IngestInstance ingest, String key, int status) {
        List<HttpResponse<String>> last = new ArrayList<>(1);
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> response = chat(ingest, key, "mock-model", "waiting for " + status);
            last.clear();
            last.add(response);
            return response.statusCode() == status;
        });
        return last.getFirst();
    }

    private static String withoutFingerprint(HttpResponse<String> response) {
        return Http.json(response).path("error").path("message").stringValue()
                .replaceAll("fingerprint [0-9a-f]+", "fingerprint …");
    }

    /** Keys, values and header values of every record on these (prefixed) topics so far. */
    private static List<byte[]> recordsOf(String... names) {
        List<byte[]> contents = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = Stream.of(names).flatMap(name -> consumer.partitionsFor(
                    topics.prefix() + name).stream()).map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(PROPAGATION).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    contents.add(record.key() == null ? new byte[0] : record.key());
                    contents.add(record.value() == null ? new byte[0] : record.value());
                    for (Header header : record.headers()) {
                        contents.add(header.value());
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        assertThat(contents).isNotEmpty();
        return contents;
    }

    private static String randomHex() {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
