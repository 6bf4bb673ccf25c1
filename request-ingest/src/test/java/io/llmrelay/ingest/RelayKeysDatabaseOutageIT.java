package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.llmrelay.testkit.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * A PostgreSQL of the test's own, stopped while ingest runs: authentication goes on from the last snapshot, readiness
 * stays UP, and the admin API answers 503 without changing anything.
 */
@ExtendWith(OutputCaptureExtension.class)
class RelayKeysDatabaseOutageIT {

    private static final String ADMIN_KEY = "admin-it-outage-5d1e9f";

    private EmbeddedPostgresServer postgres;
    private TestTopics topics;
    private FakeWorker worker;
    private IngestInstance ingest;

    @AfterEach
    void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void keysKeepWorkingFromTheSnapshotWhilePostgresIsDown(CapturedOutput output) {
        postgres = EmbeddedPostgresServer.startEphemeral();
        topics = TestTopics.create();
        worker = FakeWorker.start(topics, FakeWorker::byScenario);
        ingest = IngestInstance.start(topics,
                "relay.ingest.instance-id=it-keys-outage",
                "relay.ingest.database.url=" + postgres.createDatabase("ingest_outage"),
                "relay.ingest.database.username=" + postgres.username(),
                "relay.ingest.database.password=" + postgres.password(),
                "relay.ingest.keys-refresh=200ms",
                "relay.ingest.admin-key=" + ADMIN_KEY);
        KeyAdmin admin = new KeyAdmin(ingest, ADMIN_KEY);
        JsonNode created = admin.create("{\"user_id\":\"outage-user\"}");
        String key = created.path("key").stringValue();
        assertThat(chat(key).statusCode()).isEqualTo(200);

        postgres.close();
        postgres = null;
        await().atMost(Duration.ofSeconds(20)).until(() -> output.getAll().contains("cannot read relay keys"));

        assertThat(chat(key).statusCode()).isEqualTo(200);
        assertThat(chat("rk-not-a-key-" + System.nanoTime()).statusCode()).isEqualTo(401);
        HttpResponse<String> readiness = Http.get(ingest.managementUri("/actuator/health/readiness"));
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(Http.json(readiness).at("/components/relayKeys/status").stringValue()).isEqualTo("UP");
        HttpResponse<String> revoke = Http.postJson(ingest.uri("/admin/keys/" + created.path("id").stringValue()
                + "/revoke"), ADMIN_KEY, "");
        assertThat(revoke.statusCode()).isEqualTo(503);
        assertThat(Http.json(revoke).path("error").path("code").stringValue()).isEqualTo("database_unavailable");
        assertThat(chat(key).statusCode()).isEqualTo(200);
        // one warning for the outage, not one per refresh
        assertThat(output.getAll().split("cannot read relay keys", -1)).hasSize(2);
    }

    private HttpResponse<String> chat(String key) {
        return Http.postJson(ingest.uri("/v1/chat/completions"), key, Http.chat("mock-model", "during an outage", ""));
    }
}
