package io.llmrelay.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.llmrelay.ingest.reply.Outcome;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.ExternalAPIError;
import io.llmrelay.schemas.TokenUsage;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CompletionResponsesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant COMPLETED = Instant.parse("2026-11-26T10:00:05Z");

    private final CompletionResponses responses = new CompletionResponses(new EventStream(JSON));

    @Test
    void succeededResultBecomesAnOpenAiChatCompletionWithUsageAndRelayHeaders() {
        ResponseEntity<?> response = render(succeeded().build(), false, false);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getFirst("x-request-id")).isEqualTo("req-1");
        assertThat(response.getHeaders().getFirst("x-llm-relay-cost-micros")).isEqualTo("1234");
        JsonNode body = json(response);
        assertThat(body.path("id").stringValue()).isEqualTo("chatcmpl-provider-1");
        assertThat(body.path("object").stringValue()).isEqualTo("chat.completion");
        assertThat(body.path("created").longValue()).isEqualTo(COMPLETED.getEpochSecond());
        assertThat(body.path("model").stringValue()).isEqualTo("gpt-4o-mini-2024-07-18");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").intValue()).isZero();
        assertThat(choice.path("message").path("role").stringValue()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").stringValue()).isEqualTo("Hello!");
        assertThat(choice.path("finish_reason").stringValue()).isEqualTo("length");
        assertThat(choice.has("logprobs")).isTrue();
        assertThat(body.path("usage").path("prompt_tokens").intValue()).isEqualTo(11);
        assertThat(body.path("usage").path("completion_tokens").intValue()).isEqualTo(7);
        assertThat(body.path("usage").path("total_tokens").intValue()).isEqualTo(18);
    }

    @Test
    void completionIdAndModelFallBackToRequestIdAndRequestedModel() {
        CompletionResult result = succeeded().setResponseId(null).setModel(null).setFinishReason(null).build();

        JsonNode body = json(render(result, false, false));

        assertThat(body.path("id").stringValue()).isEqualTo("chatcmpl-req-1");
        assertThat(body.path("model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("stop");
    }

    @Test
    void streamRendersRoleContentFinishAndUsageChunksThenDone() {
        ResponseEntity<?> response = render(succeeded().build(), true, true);

        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.TEXT_EVENT_STREAM);
        List<String> events = Arrays.stream(((String) response.getBody()).split("\n\n")).toList();
        assertThat(events).hasSize(5).allSatisfy(e -> assertThat(e).startsWith("data: "));
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        List<JsonNode> chunks = events.subList(0, 4).stream().map(e -> JSON.readTree(e.substring(6))).toList();
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("object").stringValue()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("id").stringValue()).isEqualTo("chatcmpl-provider-1");
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").stringValue()).isEqualTo("assistant");
        assertThat(chunks.get(1).at("/choices/0/delta/content").stringValue()).isEqualTo("Hello!");
        assertThat(chunks.get(2).at("/choices/0/finish_reason").stringValue()).isEqualTo("length");
        assertThat(chunks.get(2).at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(chunks.get(3).path("choices").isEmpty()).isTrue();
        assertThat(chunks.get(3).at("/usage/total_tokens").intValue()).isEqualTo(18);
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        String events = (String) render(succeeded().build(), true, false).getBody();

        assertThat(events.split("\n\n")).hasSize(4);
        assertThat(events).doesNotContain("\"usage\"");
    }

    @Test
    void providerCallerErrorBecomes400WithTheProviderMessage() {
        CompletionResult result = failed(error(400, false, null).setMessage("Invalid 'tools[0].function.name'")
                .setCode("invalid_value"));

        ResponseEntity<?> response = render(result, false, false);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        JsonNode error = json(response).path("error");
        assertThat(error.path("message").stringValue()).isEqualTo("Invalid 'tools[0].function.name'");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").stringValue()).isEqualTo("invalid_value");
        assertThat(error.has("param")).isTrue();
    }

    @Test
    void requestTheWorkerCannotSendToAnyProviderBecomes400() {
        CompletionResult result = failed(error(null, false, null).setProvider("relay")
                .setMessage("the request cannot be sent to a provider: tools is not valid JSON")
                .setCode("invalid_request"));

        ResponseEntity<?> response = render(result, false, false);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getFirst("x-should-retry")).isEqualTo("false");
        JsonNode error = json(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").stringValue()).isEqualTo("invalid_request");
        assertThat(error.path("message").stringValue())
                .isEqualTo("the request cannot be sent to a provider: tools is not valid JSON");
    }

    @Test
    void providerStatusDecidesOverTheCodeWhenThereIsOne() {
        CompletionResult result = failed(error(503, true, null).setCode("invalid_request"));

        assertThat(render(result, false, false).getStatusCode().value()).isEqualTo(503);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 429, 500, 503})
    void otherProviderFailuresBecome503WithTheExternalApiErrorFields(int status) {
        CompletionResult result = failed(error(status, true, 2500L));

        ResponseEntity<?> response = render(result, false, false);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("3");
        assertThat(response.getHeaders().getFirst("retry-after-ms")).isEqualTo("2500");
        assertThat(response.getHeaders().getFirst("x-should-retry")).isEqualTo("true");
        JsonNode error = json(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("provider_error");
        assertThat(error.path("code").stringValue()).isEqualTo("provider_error");
        assertThat(error.path("provider").stringValue()).isEqualTo("openai");
        assertThat(error.path("operation").stringValue()).isEqualTo("chat.completions");
        assertThat(error.path("status_code").intValue()).isEqualTo(status);
        assertThat(error.path("retryable").booleanValue()).isTrue();
        assertThat(error.path("retry_after_ms").longValue()).isEqualTo(2500L);
        assertThat(error.path("message").stringValue()).isEqualTo("provider said no");
    }

    @Test
    void connectionFailureWithoutStatusBecomes503WithNullStatusCode() {
        JsonNode error = json(render(failed(error(null, true, null)), false, false)).path("error");

        assertThat(error.path("status_code").isNull()).isTrue();
        assertThat(error.path("retry_after_ms").isNull()).isTrue();
    }

    @Test
    void rejectedResultBecomes402BudgetExceeded() {
        CompletionResult result = base(CompletionStatus.REJECTED).build();

        ResponseEntity<?> response = render(result, false, false);

        assertThat(response.getStatusCode().value()).isEqualTo(402);
        assertThat(response.getHeaders().getFirst("x-should-retry")).isEqualTo("false");
        assertThat(json(response).at("/error/code").stringValue()).isEqualTo("budget_exceeded");
    }

    @Test
    void rejectedResultKeepsTheCodeTheWorkerGave() {
        CompletionResult result = base(CompletionStatus.REJECTED)
                .setError(error(null, false, null).setCode("team_budget_exceeded").setMessage("team spent").build())
                .build();

        JsonNode error = json(render(result, false, false)).path("error");

        assertThat(error.path("code").stringValue()).isEqualTo("team_budget_exceeded");
        assertThat(error.path("message").stringValue()).isEqualTo("team spent");
    }

    @Test
    void deadlineExceededResultBecomes504WithTheErrorFields() {
        CompletionResult result = base(CompletionStatus.DEADLINE_EXCEEDED)
                .setError(error(null, true, null).setProvider("relay").setMessage("deadline passed in queue").build())
                .build();

        ResponseEntity<?> response = render(result, false, false);

        assertThat(response.getStatusCode().value()).isEqualTo(504);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("deadline_exceeded");
        assertThat(error.path("provider").stringValue()).isEqualTo("relay");
        assertThat(error.path("message").stringValue()).isEqualTo("deadline passed in queue");
    }

    @Test
    void noResultInTimeBecomes504Timeout() {
        ResponseEntity<?> response = responses.render("req-1", new Outcome.TimedOut(Duration.ofSeconds(60)), false,
                false);

        assertThat(response.getStatusCode().value()).isEqualTo(504);
        assertThat(response.getHeaders().getFirst("x-request-id")).isEqualTo("req-1");
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("timeout");
        assertThat(error.path("provider").stringValue()).isEqualTo("relay");
        assertThat(error.path("retryable").booleanValue()).isTrue();
        assertThat(error.has("status_code")).isTrue();
    }

    @Test
    void requestKafkaDidNotTakeBecomes503() {
        ResponseEntity<?> response = responses.render("req-1",
                new Outcome.NotPublished(new TimeoutException("expired")), false, false);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(json(response).at("/error/code").stringValue()).isEqualTo("relay_unavailable");
    }

    private ResponseEntity<?> render(CompletionResult result, boolean stream, boolean includeUsage) {
        return responses.render("req-1", new Outcome.Answered(result), stream, includeUsage);
    }

    private static JsonNode json(ResponseEntity<?> response) {
        return JSON.readTree(JSON.writeValueAsString(response.getBody()));
    }

    private static CompletionResult.Builder base(CompletionStatus status) {
        return CompletionResult.newBuilder()
                .setRequestId("req-1").setUserId("user-1").setStatus(status).setRequestedModel("gpt-4o-mini")
                .setCostMicros(1234).setCompletedAt(COMPLETED);
    }

    private static CompletionResult.Builder succeeded() {
        return base(CompletionStatus.SUCCEEDED).setProvider("openai").setModel("gpt-4o-mini-2024-07-18")
                .setResponseId("chatcmpl-provider-1").setContent("Hello!").setFinishReason("length")
                .setUsage(new TokenUsage(11, 7, 0));
    }

    private static CompletionResult failed(ExternalAPIError.Builder error) {
        return base(CompletionStatus.FAILED).setProvider("openai").setError(error.build()).build();
    }

    private static ExternalAPIError.Builder error(Integer status, boolean retryable, Long retryAfterMs) {
        return ExternalAPIError.newBuilder().setProvider("openai").setOperation("chat.completions")
                .setStatusCode(status).setMessage("provider said no").setRetryable(retryable)
                .setRetryAfterMs(retryAfterMs);
    }
}
