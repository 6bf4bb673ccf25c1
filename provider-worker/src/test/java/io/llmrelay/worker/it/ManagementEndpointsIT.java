package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.testkit.http.ManagementEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The worker's probes and Prometheus scrape on its management port; {@link KafkaOutageReadinessIT} stops a broker. */
class ManagementEndpointsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String USER_ID = "user-id-worker-mgmt-6e2a";
    private static final String KEY_ID = "key-id-worker-mgmt-0c7d";
    private static final String TEAM_ID = "team-id-worker-mgmt-94f1";

    private static RelayTopics relay;
    private static MockProvider mock;
    private static ConfigurableApplicationContext worker;
    private static TopicReader<String, CompletionResult> results;

    @BeforeAll
    static void start() {
        relay = new RelayTopics();
        mock = MockProvider.start(MockBehaviour.healthy().withRequiredApiKey(Worker.API_KEY));
        worker = Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "workers",
                "--relay.worker.instance-id=mgmt-worker",
                // the failing request is answered at once rather than parked for a later try (ResilienceIT parks)
                "--relay.retry-topic.max-parks=0"));
        results = relay.reader(relay.topics.results());
    }

    @AfterAll
    static void stop() {
        worker.close();
        mock.close();
        results.close();
        relay.close();
    }

    @Test
    void livenessAndReadinessAreUpOnTheManagementPortWhileKafkaAnswers() {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> ManagementEndpoints.get(Management.uri(worker, "/actuator/health/readiness")).statusCode() == 200);

        HttpResponse<String> liveness = ManagementEndpoints.timedGet(Management.uri(worker, "/actuator/health/liveness"));
        HttpResponse<String> readiness = ManagementEndpoints.timedGet(Management.uri(worker, "/actuator/health/readiness"));

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(ManagementEndpoints.json(liveness).path("components").propertyNames()).containsExactly("livenessState");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(ManagementEndpoints.json(readiness).path("components").propertyNames())
                .containsExactlyInAnyOrder("readinessState", "kafka");
        assertThat(ManagementEndpoints.json(readiness).at("/components/kafka/status").stringValue()).isEqualTo("UP");
    }

    @Test
    void prometheusScrapeHasTheProviderAndKafkaMetricsAndNoCallerOrKey() {
        CompletionRequest answered = request("Say hello").build();
        CompletionRequest failing = request("Fail [mock:status=500]").build();
        // 429s every 100 ms until the deadline: rate-limit waits, then a FAILED result
        CompletionRequest limited = request("Wait [mock:status=429][mock:retry-after=100]")
                .setDeadline(Instant.now().plusSeconds(2)).build();
        relay.send(answered);
        relay.send(failing);
        relay.send(limited);
        assertThat(awaitResult(answered).getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        assertThat(awaitResult(failing).getStatus()).isEqualTo(CompletionStatus.FAILED);
        assertThat(awaitResult(limited).getStatus()).isEqualTo(CompletionStatus.FAILED);

        String metrics = ManagementEndpoints.get(Management.uri(worker, "/actuator/prometheus")).body();

        assertThat(metrics)
                .contains("relay_provider_calls_total{model=\"mock-model\",outcome=\"success\",provider=\"openai\"} 1.0")
                .contains("relay_provider_calls_total{model=\"mock-model\",outcome=\"server_error\",provider=\"openai\"} 3.0")
                .contains("relay_provider_call_duration_seconds_bucket{model=\"mock-model\",outcome=\"success\"")
                .contains("relay_provider_calls_active{provider=\"openai\"} 0.0")
                .contains("relay_provider_retries_total{outcome=\"server_error\",provider=\"openai\"} 2.0")
                .contains("relay_provider_retries_total{outcome=\"rate_limited\",provider=\"openai\"}")
                .contains("relay_provider_rate_limit_waits_seconds_count{provider=\"openai\"}")
                // the mock's usage for "Say hello" (as in RequestFlowIT); failed attempts bill zero tokens and cost 0
                .contains("relay_provider_tokens_total{model=\"mock-model\",provider=\"openai\",type=\"prompt\"} 14.0")
                .contains("relay_provider_tokens_total{model=\"mock-model\",provider=\"openai\",type=\"completion\"} 6.0")
                .contains("relay_provider_cost_micros_total{model=\"mock-model\",provider=\"openai\"} 6.0")
                .contains("relay_worker_requests_in_flight ")
                .contains("relay_worker_dead_letters_total 0.0")
                .contains("relay_worker_usage_unpriced_total 0.0")
                .contains("kafka_consumer_fetch_manager_records_lag_max{")
                .contains("kafka_producer_record_send_total{");
        assertThat(metrics).doesNotContain(USER_ID, KEY_ID, TEAM_ID, answered.getRequestId(), failing.getRequestId(),
                limited.getRequestId(), Worker.API_KEY);
    }

    private static CompletionRequest.Builder request(String prompt) {
        return Requests.request(prompt).setUserId(USER_ID).setKeyId(KEY_ID).setTeamId(TEAM_ID);
    }

    private static CompletionResult awaitResult(CompletionRequest request) {
        return await().atMost(WAIT).until(() -> results.records().stream()
                        .filter(r -> r.key().equals(request.getRequestId())).findFirst(), Optional::isPresent)
                .orElseThrow().value();
    }
}
