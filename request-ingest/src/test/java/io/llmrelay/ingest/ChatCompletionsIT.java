package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmrelay.ingest.reply.ReplyStats;
import io.llmrelay.schemas.CompletionRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The HTTP round trip through a real broker, answered by a fake worker that speaks the Kafka contract. */
class ChatCompletionsIT {

    private static final String KEY = "rk-it-chat-2f6c1b9e04d7";
    /**
     * Generous, so that an answer that is merely slow (a loaded 2-core CI machine) is not taken for a timeout. The
     * test of the timeout itself runs against an instance of its own with {@link #SHORT_TIMEOUT}.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

    private static TestTopics topics;
    private static FakeWorker worker;
    private static IngestInstance ingest;

    @BeforeAll
    static void start() {
        topics = TestTopics.create();
        worker = FakeWorker.start(topics, FakeWorker::byScenario);
        ingest = startIngest("it-chat", 0, TIMEOUT);
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
    void answersWithAnOpenAiChatCompletionIncludingUsage() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("gpt-4o-mini", "hello", ""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        assertThat(response.headers().firstValue("x-llm-relay-cost-micros")).contains("42");
        JsonNode body = Http.json(response);
        assertThat(body.path("id").stringValue())
                .isEqualTo("chatcmpl-" + response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(body.path("object").stringValue()).isEqualTo("chat.completion");
        assertThat(body.path("model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("created").longValue()).isPositive();
        assertThat(body.at("/choices/0/message/role").stringValue()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").stringValue()).isEqualTo("echo: hello");
        assertThat(body.at("/choices/0/finish_reason").stringValue()).isEqualTo("stop");
        assertThat(body.at("/usage/prompt_tokens").intValue()).isEqualTo(11);
        assertThat(body.at("/usage/completion_tokens").intValue()).isEqualTo(7);
        assertThat(body.at("/usage/total_tokens").intValue()).isEqualTo(18);
    }

    @Test
    void producesTheRequestWithCallerIdentityReplyRouteAndPassThroughFields() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY, Http.chat("gpt-4o",
                "route me", ",\"seed\":7,\"user\":\"end-user-1\",\"max_completion_tokens\":64,\"stop\":[\"x\"]"));

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        CompletionRequest produced = worker.received().stream()
                .filter(r -> r.getRequestId().equals(requestId)).findFirst().orElseThrow();
        assertThat(produced.getUserId()).isEqualTo("user-it");
        assertThat(produced.getTeamId()).isEqualTo("team-it");
        assertThat(produced.getKeyId()).isEqualTo("key-it");
        assertThat(produced.getModel()).isEqualTo("gpt-4o");
        assertThat(produced.getMaxTokens()).isEqualTo(64);
        assertThat(produced.getStop()).containsExactly("x");
        assertThat(produced.getReplyTo().getPartition()).isZero();
        assertThat(produced.getReplyTo().getReplica()).isEqualTo("it-chat");
        assertThat(Duration.between(produced.getCreatedAt(), produced.getDeadline())).isEqualTo(TIMEOUT);
        JsonNode extra = Http.JSON.readTree(produced.getExtraJson());
        assertThat(extra.path("seed").intValue()).isEqualTo(7);
        assertThat(extra.path("user").stringValue()).isEqualTo("end-user-1");
        assertThat(produced.toString()).doesNotContain(KEY);
    }

    @Test
    void streamsBufferedServerSentEventsEndingWithDone() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY, Http.chat(
                "gpt-4o-mini", "stream it", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = Arrays.stream(response.body().split("\n\n")).toList();
        assertThat(events).last().isEqualTo("data: [DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream()
                .map(e -> Http.JSON.readTree(e.substring("data: ".length()))).toList();
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("object").stringValue())
                .isEqualTo("chat.completion.chunk"));
        assertThat(chunks.getFirst().at("/choices/0/delta/role").stringValue()).isEqualTo("assistant");
        String content = chunks.stream().map(c -> c.at("/choices/0/delta/content"))
                .filter(JsonNode::isString).map(JsonNode::stringValue).collect(Collectors.joining());
        assertThat(content).isEqualTo("echo: stream it");
        assertThat(chunks).anySatisfy(c -> assertThat(c.at("/choices/0/finish_reason").stringValue())
                .isEqualTo("stop"));
        assertThat(chunks.getLast().at("/usage/total_tokens").intValue()).isEqualTo(18);
    }

    @Test
    void providerFailureIs503WithTheExternalApiErrorFields() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("gpt-4o-mini", Scenario.PROVIDER_UNAVAILABLE.prompt(), ""));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("2");
        JsonNode error = Http.json(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("provider_error");
        assertThat(error.path("message").stringValue()).isEqualTo("openai answered 503 three times");
        assertThat(error.path("provider").stringValue()).isEqualTo("openai");
        assertThat(error.path("operation").stringValue()).isEqualTo("chat.completions");
        assertThat(error.path("status_code").intValue()).isEqualTo(503);
        assertThat(error.path("retryable").booleanValue()).isTrue();
        assertThat(error.path("retry_after_ms").longValue()).isEqualTo(2000);
        assertThat(error.has("param")).isTrue();
    }

    @Test
    void providerRefusingTheRequestIs400WithItsMessage() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("gpt-4o-mini", Scenario.PROVIDER_REFUSED.prompt(), ""));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = Http.json(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").stringValue()).startsWith("Invalid 'tools[0].function.name'");
        assertThat(error.path("code").stringValue()).isEqualTo("invalid_value");
    }

    @Test
    void requestTheWorkerCannotSendIs400NotAProviderFailure() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("gpt-4o-mini", Scenario.WORKER_REFUSED.prompt(), ""));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-should-retry")).contains("false");
        JsonNode error = Http.json(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").stringValue()).isEqualTo("invalid_request");
        assertThat(error.path("message").stringValue()).contains("tools is not valid JSON");
    }

    @Test
    void budgetRejectionIs402BudgetExceeded() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("gpt-4o-mini", Scenario.BUDGET_EXCEEDED.prompt(), ""));

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(Http.json(response).at("/error/code").stringValue()).isEqualTo("budget_exceeded");
    }

    @Test
    void deadlineExceededResultIs504WithTheErrorFields() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("gpt-4o-mini", Scenario.DEADLINE_EXCEEDED.prompt(), ""));

        assertThat(response.statusCode()).isEqualTo(504);
        JsonNode error = Http.json(response).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("deadline_exceeded");
        assertThat(error.path("provider").stringValue()).isEqualTo("relay");
        assertThat(error.path("retryable").booleanValue()).isTrue();
    }

    @Test
    void noResultInTimeIs504AndALateResultIsIgnoredAndCounted() {
        // an instance of its own, on a reply partition of its own, so that only this test waits out a timeout
        try (IngestInstance impatient = startIngest("it-chat-short-timeout", 1, SHORT_TIMEOUT)) {
            ReplyStats replies = impatient.bean(ReplyStats.class);
            long unknownBefore = replies.unknownResults();

            HttpResponse<String> response = Http.postJson(impatient.uri("/v1/chat/completions"), KEY,
                    Http.chat("gpt-4o-mini", Scenario.SILENCE.prompt(), ""));

            assertThat(response.statusCode()).isEqualTo(504);
            JsonNode error = Http.json(response).path("error");
            assertThat(error.path("code").stringValue()).isEqualTo("timeout");
            assertThat(error.path("type").stringValue()).isEqualTo("timeout_error");
            assertThat(error.path("provider").stringValue()).isEqualTo("relay");
            assertThat(error.path("operation").stringValue()).isEqualTo("chat.completions");
            assertThat(error.path("retryable").booleanValue()).isTrue();
            assertThat(error.has("status_code")).isTrue();
            assertThat(error.has("retry_after_ms")).isTrue();
            assertThat(replies.pendingRequests()).isZero();

            String requestId = response.headers().firstValue("x-request-id").orElseThrow();
            CompletionRequest silent = worker.received().stream().filter(r -> r.getRequestId().equals(requestId))
                    .findFirst().orElseThrow();
            assertThat(Duration.between(silent.getCreatedAt(), silent.getDeadline())).isEqualTo(SHORT_TIMEOUT);
            worker.send(FakeWorker.succeeded(silent, "too late").build(), silent.getReplyTo().getPartition());
            await().atMost(Duration.ofSeconds(10)).until(() -> replies.unknownResults() == unknownBefore + 1);
        }
    }

    @Test
    void listsTheConfiguredModels() {
        HttpResponse<String> response = Http.get(ingest.uri("/v1/models"), KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(response);
        assertThat(body.path("object").stringValue()).isEqualTo("list");
        assertThat(body.path("data").valueStream().map(m -> m.path("id").stringValue()))
                .containsExactly("gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1", "mock-model");
        assertThat(body.path("data").valueStream().map(m -> m.path("object").stringValue())).containsOnly("model");
    }

    @Test
    void retrievesAConfiguredModelAndRefusesAnUnknownOne() {
        HttpResponse<String> known = Http.get(ingest.uri("/v1/models/gpt-4.1"), KEY);
        HttpResponse<String> unknown = Http.get(ingest.uri("/v1/models/gpt-0"), KEY);

        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(Http.json(known).path("id").stringValue()).isEqualTo("gpt-4.1");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown).at("/error/code").stringValue()).isEqualTo("model_not_found");
    }

    @Test
    void officialOpenAiJavaSdkGetsAChatCompletion() {
        ChatCompletion completion = sdk(KEY).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("mock-model").addUserMessage("from the sdk").temperature(0.5).build());

        assertThat(completion.choices().getFirst().message().content()).contains("echo: from the sdk");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(18));
        assertThat(completion.model()).isEqualTo("mock-model");
    }

    @Test
    void officialOpenAiJavaSdkReadsTheBufferedStream() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("mock-model")
                .addUserMessage("sdk stream")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = sdk(KEY).chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }

        String content = chunks.stream().flatMap(c -> c.choices().stream()).flatMap(c -> c.delta().content().stream())
                .collect(Collectors.joining());
        assertThat(content).isEqualTo("echo: sdk stream");
        assertThat(chunks.getLast().usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(18));
    }

    @Test
    void officialOpenAiJavaSdkRaisesItsUsualExceptionsForRefusals() {
        ChatCompletionCreateParams unknownModel = ChatCompletionCreateParams.builder().model("gpt-nonexistent")
                .addUserMessage("hi").build();
        assertThatThrownBy(() -> sdk(KEY).chat().completions().create(unknownModel))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).contains("model_not_found");
                });
        assertThatThrownBy(() -> sdk("rk-wrong").chat().completions().create(unknownModel))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.code())
                        .contains("invalid_api_key"));
    }

    @Test
    void unknownPathAndWrongMethodAreAnsweredInOpenAiFormat() {
        HttpResponse<String> unknown = Http.postJson(ingest.uri("/v1/completions/nope"), KEY, "{}");
        HttpResponse<String> wrongMethod = Http.send(Http.request(ingest.uri("/v1/chat/completions"), KEY)
                .method("PUT", HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
                .build());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown).at("/error/message").stringValue())
                .isEqualTo("Invalid URL (POST /v1/completions/nope)");
        assertThat(Http.json(unknown).at("/error/type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
        assertThat(Http.json(wrongMethod).at("/error/code").stringValue()).isEqualTo("method_not_allowed");
    }

    @Test
    void servletErrorPageIsInOpenAiFormatNotWhitelabel() {
        HttpResponse<String> response = Http.get(ingest.uri("/error"), null);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Http.json(response).at("/error/type").stringValue()).isEqualTo("server_error");
    }

    private static IngestInstance startIngest(String instanceId, int replyPartition, Duration requestTimeout) {
        return IngestInstance.start(topics,
                "relay.ingest.instance-id=" + instanceId,
                "relay.ingest.reply-partition=" + replyPartition,
                "relay.ingest.request-timeout=" + requestTimeout.toMillis() + "ms",
                "relay.ingest.keys[0].key=" + KEY,
                "relay.ingest.keys[0].key-id=key-it",
                "relay.ingest.keys[0].user-id=user-it",
                "relay.ingest.keys[0].team-id=team-it");
    }

    private static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + ingest.port() + "/v1").apiKey(key)
                .maxRetries(0).timeout(TIMEOUT.multipliedBy(2)).build();
    }
}
