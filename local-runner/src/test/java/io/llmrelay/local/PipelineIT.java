package io.llmrelay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline as {@code ./run-local.sh} runs it: HTTP in, Kafka, worker, mock provider, Kafka,
 * HTTP out, and the usage row in PostgreSQL.
 */
class PipelineIT {

    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalSettings.ephemeral(Files.createTempDirectory("pipeline-it")), part -> { });
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void chatCompletionOverHttpComesBackOpenAiShapedAndLeavesAUsageRow() throws Exception {
        HttpResponse<String> response = post("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello pipeline"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("choices").path(0).path("message").path("content").asText()).contains("Hello pipeline");
        int promptTokens = body.path("usage").path("prompt_tokens").asInt();
        int completionTokens = body.path("usage").path("completion_tokens").asInt();
        assertThat(promptTokens).isPositive();
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Connection c = DriverManager.getConnection(stack.dbUrl(), stack.dbUser(), stack.dbPassword());
                 PreparedStatement s = c.prepareStatement("select provider_name, model, prompt_tokens, completion_tokens,"
                         + " cost_micros, priced, success, user_ref from api_usage_logs where request_id = ?")) {
                s.setString(1, requestId);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as("usage row for " + requestId).isTrue();
                    assertThat(rs.getString("provider_name")).isEqualTo("openai");
                    assertThat(rs.getInt("prompt_tokens")).isEqualTo(promptTokens);
                    assertThat(rs.getInt("completion_tokens")).isEqualTo(completionTokens);
                    assertThat(rs.getLong("cost_micros")).isPositive();
                    assertThat(rs.getBoolean("priced")).isTrue();
                    assertThat(rs.getBoolean("success")).isTrue();
                    assertThat(rs.getString("user_ref")).isEqualTo("local-user");
                    assertThat(rs.next()).as("exactly one row").isFalse();
                }
            }
        });
    }

    @Test
    void providerThatKeepsFailingIsAnsweredWithTheExternalApiErrorFields() throws Exception {
        HttpResponse<String> response = post("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"fail please [mock:status=500]"}]}""");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode error = json.readTree(response.body()).path("error");
        assertThat(error.path("provider").asText()).isEqualTo("openai");
        assertThat(error.path("status_code").asInt()).isEqualTo(500);
        assertThat(error.path("retryable").asBoolean()).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void eachServiceAnswersProbesAndScrapesWithItsOwnMetersOnAPortOfItsOwn() throws Exception {
        URI ingest = stack.ingestManagementUrl();
        URI worker = stack.workerManagementUrl();
        URI aggregator = stack.aggregatorManagementUrl();
        assertThat(List.of(ingest.getPort(), worker.getPort(), aggregator.getPort(), stack.ingestUrl().getPort()))
                .doesNotHaveDuplicates();

        for (URI management : List.of(ingest, worker, aggregator)) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(get(management, "/actuator/health/readiness").statusCode()).as(management.toString())
                            .isEqualTo(200));
            assertThat(get(management, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        }
        // three Spring contexts in one JVM, each with a registry of its own
        String ingestMetrics = get(ingest, "/actuator/prometheus").body();
        String workerMetrics = get(worker, "/actuator/prometheus").body();
        String aggregatorMetrics = get(aggregator, "/actuator/prometheus").body();
        assertThat(ingestMetrics).contains("relay_ingest_replies_pending").doesNotContain("relay_worker_", "relay_aggregator_");
        assertThat(workerMetrics).contains("relay_worker_requests_in_flight").doesNotContain("relay_ingest_", "relay_aggregator_");
        assertThat(aggregatorMetrics).contains("relay_aggregator_rows_inserted_total")
                .doesNotContain("relay_ingest_", "relay_worker_");
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + stack.relayKey())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
