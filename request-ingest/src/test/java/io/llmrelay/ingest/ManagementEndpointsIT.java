package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Probes and the Prometheus scrape on the management port; {@link KafkaOutageReadinessIT} stops a broker. */
class ManagementEndpointsIT {

    private static final String KEY = "rk-it-mgmt-7d41c0a9e25b";
    private static final String KEY_ID = "key-id-mgmt-5f0e";
    private static final String USER_ID = "user-id-mgmt-81ab";
    private static final String TEAM_ID = "team-id-mgmt-c3d2";

    private static FakeWorker worker;
    private static IngestInstance ingest;

    @BeforeAll
    static void start() {
        TestTopics topics = TestTopics.create();
        worker = FakeWorker.start(topics, FakeWorker::byScenario);
        ingest = IngestInstance.start(topics,
                "relay.ingest.instance-id=it-mgmt",
                "relay.ingest.request-timeout=30s",
                "relay.ingest.keys[0].key=" + KEY,
                "relay.ingest.keys[0].key-id=" + KEY_ID,
                "relay.ingest.keys[0].user-id=" + USER_ID,
                "relay.ingest.keys[0].team-id=" + TEAM_ID);
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void livenessAndReadinessAreUpOnTheManagementPortWhileKafkaAnswers() {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Http.get(ingest.managementUri("/actuator/health/readiness")).statusCode() == 200);

        HttpResponse<String> liveness = Http.timedGet(ingest.managementUri("/actuator/health/liveness"));
        HttpResponse<String> readiness = Http.timedGet(ingest.managementUri("/actuator/health/readiness"));

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(Http.json(liveness).path("status").stringValue()).isEqualTo("UP");
        assertThat(Http.json(liveness).path("components").propertyNames()).containsExactly("livenessState");
        assertThat(Http.json(readiness).path("status").stringValue()).isEqualTo("UP");
        assertThat(Http.json(readiness).path("components").propertyNames())
                .containsExactlyInAnyOrder("readinessState", "kafka");
        assertThat(Http.json(readiness).at("/components/kafka/details/brokers").intValue()).isEqualTo(1);
        assertThat(Http.get(ingest.uri("/actuator/health"), null).statusCode())
                .as("actuator on the API port").isEqualTo(404);
    }

    @Test
    void prometheusScrapeHasTheRelayMetricsAndNoCallerOrKey() {
        HttpResponse<String> answered = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("gpt-4o-mini", "hello", ""));
        assertThat(answered.statusCode()).isEqualTo(200);
        String requestId = answered.headers().firstValue("x-request-id").orElseThrow();
        assertThat(Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("model-nobody-configured-4e1f", "hello", "")).statusCode()).isEqualTo(404);
        assertThat(Http.postJson(ingest.uri("/v1/chat/completions"), "rk-it-wrong-key-0a9b8c",
                Http.chat("gpt-4o-mini", "hello", "")).statusCode()).isEqualTo(401);

        HttpResponse<String> scrape = Http.get(ingest.managementUri("/actuator/prometheus"));

        assertThat(scrape.statusCode()).isEqualTo(200);
        String metrics = scrape.body();
        assertThat(metrics)
                .contains("relay_ingest_requests_total{model=\"gpt-4o-mini\",outcome=\"succeeded\",status=\"200\"} 1.0")
                .contains("relay_ingest_requests_total{model=\"other\",outcome=\"refused\",status=\"404\"} 1.0")
                .contains("relay_ingest_requests_total{model=\"other\",outcome=\"refused\",status=\"401\"} 1.0")
                .contains("relay_ingest_request_duration_seconds_bucket{outcome=\"succeeded\"")
                .contains("relay_ingest_replies_pending ")
                .contains("relay_ingest_replies_unknown_total ")
                .contains("relay_ingest_auth_rejections_total{reason=\"unknown_key\"} 1.0");
        assertThat(metrics).doesNotContain(KEY, KEY_ID, USER_ID, TEAM_ID, requestId, "rk-it-wrong-key-0a9b8c",
                "model-nobody-configured-4e1f");
    }
}
