package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.BreakerState;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.testkit.http.ManagementEndpoints;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code /actuator/providers} of a running worker against the mock provider: the window's figures after real calls,
 * the breaker of the target called, and the active probe going down when the provider stops taking the key, with
 * its gauge.
 */
class ProvidersEndpointIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private RelayTopics relay;
    private MockProvider mock;
    private ConfigurableApplicationContext worker;
    private TopicReader<String, CompletionResult> results;

    @BeforeEach
    void start() {
        relay = new RelayTopics();
        mock = MockProvider.start(MockBehaviour.healthy().withRequiredApiKey(Worker.API_KEY));
        worker = Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "workers",
                "--relay.worker.instance-id=health-worker",
                "--relay.health.probe.enabled=true",
                "--relay.health.probe.interval=1s",
                "--relay.health.sample-interval=200ms",
                "--relay.health.window=10m",
                "--relay.breaker.failure-threshold=2"));
        results = relay.reader(relay.topics.results());
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        if (results != null) {
            results.close();
        }
        mock.close();
        relay.close();
    }

    @Test
    void showsTheWindowTheBreakerAndTheProbeAndTheProbeGoesDownWhenTheKeyIsRefused() {
        CompletionRequest answered = Requests.request("Say hello").build();
        relay.send(answered);
        assertThat(awaitResult(answered).getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        relay.send(Requests.request("Fail [mock:status=500]").build());

        // the failing request's attempts fail until its target's breaker opens (two in a row), then are refused
        JsonNode openai = await().atMost(WAIT).until(this::openai,
                node -> node.at("/window/successes").asLong() == 1 && node.at("/window/failures").asLong() >= 2
                        && "OPEN".equals(node.at("/targets/0/state").stringValue())
                        && "UP".equals(node.at("/probe/status").stringValue()));
        long failures = openai.at("/window/failures").asLong();
        assertThat(openai.path("kind").stringValue()).isEqualTo("openai-compatible");
        assertThat(openai.at("/window/errorRate").asDouble()).isEqualTo((double) failures / (failures + 1));
        assertThat(openai.at("/window/latencyMs/p50").isNumber()).isTrue();
        assertThat(openai.at("/window/latencyMs/p99").asDouble())
                .isGreaterThanOrEqualTo(openai.at("/window/latencyMs/p50").asDouble());
        assertThat(openai.path("lastSuccess").stringValue()).isNotBlank();
        assertThat(openai.path("targets")).hasSize(1);
        assertThat(openai.at("/targets/0/model").stringValue()).isEqualTo("mock-model");
        assertThat(openai.at("/targets/0/reason").stringValue())
                .isEqualTo("2 consecutive failures, the last provider_error 500");
        // the alert event the workers publish themselves: the OPEN record on llm.provider.health, with its reason
        try (TopicReader<String, ProviderHealth> health = relay.reader(relay.topics.providerHealth())) {
            ProviderHealth opened = await().atMost(WAIT).until(() -> health.records().stream()
                    .map(ConsumerRecord::value).filter(h -> h.getState() == BreakerState.OPEN).findFirst(),
                    Optional::isPresent).orElseThrow();
            assertThat(opened.getTarget()).isEqualTo("openai/mock-model");
            assertThat(opened.getReason()).isEqualTo("2 consecutive failures, the last provider_error 500");
            assertThat(opened.getReportedBy()).isEqualTo("health-worker");
        }
        // the probes list models: every chat call the mock saw is one of the window's attempts
        assertThat(mock.requestCount()).isEqualTo(1 + failures);
        assertThat(prometheus()).contains("relay_provider_probe_up{provider=\"openai\"} 1.0");

        // the key is revoked: no request needs to fail for the operator to see it
        mock.behaviour(MockBehaviour.healthy().withRequiredApiKey("sk-some-other-key"));
        JsonNode down = await().atMost(WAIT).until(this::openai,
                node -> "DOWN".equals(node.at("/probe/status").stringValue()));
        assertThat(down.at("/probe/reason").stringValue()).isEqualTo("provider_credential_rejected 401");
        assertThat(prometheus()).contains("relay_provider_probe_up{provider=\"openai\"} 0.0");
        String body = ManagementEndpoints.get(Management.uri(worker, "/actuator/providers")).body();
        assertThat(body).doesNotContain(Worker.API_KEY);
    }

    private JsonNode openai() {
        HttpResponse<String> response = ManagementEndpoints.get(Management.uri(worker, "/actuator/providers"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode providers = ManagementEndpoints.json(response);
        assertThat(providers).hasSize(1);
        return providers.get(0);
    }

    private String prometheus() {
        return ManagementEndpoints.get(Management.uri(worker, "/actuator/prometheus")).body();
    }

    private CompletionResult awaitResult(CompletionRequest request) {
        return await().atMost(WAIT).until(() -> results.records().stream()
                        .filter(r -> r.key().equals(request.getRequestId())).findFirst(), Optional::isPresent)
                .orElseThrow().value();
    }
}
