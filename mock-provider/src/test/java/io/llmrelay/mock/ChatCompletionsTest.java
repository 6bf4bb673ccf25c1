package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ChatCompletionsTest {

    private MockProvider mock;
    private ChatClient client;

    @BeforeEach
    void start() {
        mock = MockProvider.start(MockBehaviour.healthy());
        client = new ChatClient(mock);
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void listensOnLoopbackWithoutTrailingSlash() {
        assertThat(mock.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:[0-9]+");
        assertThat(mock.baseUrl().getPort()).isPositive();
    }

    @Test
    void answersWithARealShapedCompletionAndDeterministicTokenCounts() {
        HttpResponse<String> response = client.chat("Hello there, how are you?");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = ChatClient.parse(response);
        assertThat(body.path("id").stringValue()).matches("chatcmpl-[A-Za-z0-9]{29}");
        assertThat(body.path("object").stringValue()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isCloseTo(System.currentTimeMillis() / 1000, within(5L));
        assertThat(body.path("model").stringValue()).isEqualTo("gpt-4o-mini");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").stringValue()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").stringValue())
                .isEqualTo("Mock reply to: Hello there, how are you?");
        assertThat(choice.path("finish_reason").stringValue()).isEqualTo("stop");
        // system "You are terse." is 14 chars: 4 + 3; user message is 25 chars: 7 + 3; reply is 40 chars: 10
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(17);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(10);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(27);
    }

    @Test
    void echoesTheRequestedModel() {
        ObjectNode request = ChatClient.request("hi");
        request.put("model", "mock-model");

        JsonNode body = ChatClient.parse(client.post(request.toString(), "Bearer " + ChatClient.KEY));

        assertThat(body.path("model").stringValue()).isEqualTo("mock-model");
    }

    @Test
    void cutsTheReplyAtMaxTokensWithFinishReasonLength() {
        ObjectNode request = ChatClient.request("Hello there, how are you?");
        request.put("max_tokens", 3);

        JsonNode body = ChatClient.parse(client.post(request.toString(), "Bearer " + ChatClient.KEY));

        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("content").stringValue()).isEqualTo("Mock reply t");
        assertThat(choice.path("finish_reason").stringValue()).isEqualTo("length");
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void rejectsARequestWithoutAuthorizationWith401() {
        HttpResponse<String> response = client.post(ChatClient.request("hi").toString(), null);

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = ChatClient.parse(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").stringValue()).isEqualTo("invalid_api_key");
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("param").isNull()).isTrue();
        assertThat(error.path("message").stringValue()).isNotBlank();
    }

    @Test
    void rejectsANonBearerAuthorizationWith401() {
        HttpResponse<String> response = client.post(ChatClient.request("hi").toString(), "Basic dXNlcjpwYXNz");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(ChatClient.parse(response).path("error").path("code").stringValue()).isEqualTo("invalid_api_key");
    }

    @Test
    void rejectsAKeyOtherThanTheRequiredOneWithoutEchoingIt() {
        mock.behaviour(MockBehaviour.healthy().withRequiredApiKey("sk-the-right-one"));

        HttpResponse<String> response = client.post(ChatClient.request("hi").toString(), "Bearer sk-wrong-key-123");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(ChatClient.parse(response).path("error").path("code").stringValue()).isEqualTo("invalid_api_key");
        assertThat(response.body()).doesNotContain("sk-wrong-key-123").doesNotContain("sk-the-right-one");
    }

    @Test
    void acceptsTheRequiredKey() {
        mock.behaviour(MockBehaviour.healthy().withRequiredApiKey("sk-the-right-one"));

        HttpResponse<String> response = client.post(ChatClient.request("hi").toString(), "Bearer sk-the-right-one");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsMalformedJsonWith400() {
        HttpResponse<String> response = client.post("{\"model\": \"gpt-4o-mini\", \"messages\": [", "Bearer k");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = ChatClient.parse(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").stringValue()).contains("could not parse the JSON body");
    }

    @Test
    void rejectsARequestWithoutModelWith400() {
        ObjectNode request = ChatClient.request("hi");
        request.remove("model");

        HttpResponse<String> response = client.post(request.toString(), "Bearer k");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ChatClient.parse(response).path("error").path("message").stringValue()).contains("model");
    }

    @Test
    void rejectsARequestWithoutMessagesWith400() {
        ObjectNode request = ChatClient.request("hi");
        request.remove("messages");

        HttpResponse<String> response = client.post(request.toString(), "Bearer k");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = ChatClient.parse(response).path("error");
        assertThat(error.path("param").stringValue()).isEqualTo("messages");
        assertThat(error.path("code").stringValue()).isEqualTo("missing_required_parameter");
    }

    @Test
    void rejectsAnUnknownDirectiveWith400SoATypoCannotPassUnnoticed() {
        HttpResponse<String> response = client.chat("hi [mock:stauts=500]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ChatClient.parse(response).path("error").path("message").stringValue()).contains("[mock:stauts=500]");
    }

    @Test
    void answers500WithAServerErrorBodyWhenTheDirectiveAsks() {
        HttpResponse<String> response = client.chat("hi [mock:status=500]");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(ChatClient.parse(response).path("error").path("type").stringValue()).isEqualTo("server_error");
    }

    @Test
    void answers429WithRetryHeadersWhenTheDirectiveAsks() {
        mock.behaviour(MockBehaviour.healthy().withRetryAfter(Duration.ofMillis(1500)));

        HttpResponse<String> response = client.chat("hi [mock:status=429]");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(response.headers().firstValue("retry-after-ms")).hasValue("1500");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1.5s");
        JsonNode error = ChatClient.parse(response).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("requests");
        assertThat(error.path("code").stringValue()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void retryAfterDirectiveOverridesTheBehavioursRetryAfter() {
        HttpResponse<String> response = client.chat("hi [mock:status=429][mock:retry-after=250]");

        assertThat(response.headers().firstValue("retry-after-ms")).hasValue("250");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void answers401And400WhenTheDirectiveAsks() {
        assertThat(client.chat("hi [mock:status=401]").statusCode()).isEqualTo(401);
        assertThat(client.chat("hi [mock:status=400]").statusCode()).isEqualTo(400);
    }

    @Test
    void directiveStatus200OverridesTheBehavioursErrorRate() {
        mock.behaviour(MockBehaviour.healthy().withErrorRate(1.0));

        assertThat(client.chat("hi").statusCode()).isEqualTo(500);
        assertThat(client.chat("hi [mock:status=200]").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedDirectiveAnswers200WithABodyThatDoesNotParse() {
        HttpResponse<String> response = client.chat("hi [mock:malformed]");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"id\":\"chatcmpl-");
        assertThatThrownBy(() -> ChatClient.parse(response)).isInstanceOf(JacksonException.class);
    }

    @Test
    void directivesAreReadFromTheLastUserMessageOnly() {
        ObjectNode request = ChatClient.request("hi");
        request.withArrayProperty("messages")
                .insert(1, ChatClient.message("user", "earlier [mock:status=500]"));

        HttpResponse<String> response = client.post(request.toString(), "Bearer k");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void behaviourRatesOfOneApplyToEveryRequestAndCanBeSwappedAtRuntime() {
        mock.behaviour(MockBehaviour.healthy().withRateLimitRate(1.0).withRetryAfter(Duration.ofSeconds(3)));
        HttpResponse<String> limited = client.chat("hi");
        mock.behaviour(MockBehaviour.healthy().withMalformedRate(1.0));
        HttpResponse<String> malformed = client.chat("hi");
        mock.behaviour(MockBehaviour.healthy());
        HttpResponse<String> healthy = client.chat("hi");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> ChatClient.parse(malformed)).isInstanceOf(JacksonException.class);
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(mock.behaviour()).isEqualTo(MockBehaviour.healthy());
    }

    @Test
    void countsChatRequestsWhateverTheirOutcome() {
        client.chat("ok");
        client.chat("fails [mock:status=500]");
        client.post("not json", "Bearer k");
        client.post(ChatClient.request("no key").toString(), null);

        assertThat(mock.requestCount()).isEqualTo(4);
        // the handler counts a request out after its answer is sent, which the client may see first
        await().atMost(Duration.ofSeconds(5)).until(() -> mock.inFlight() == 0);
    }

    @Test
    void remembersDistinctAuthorizationHeadersMostRecentLast() {
        client.post(ChatClient.request("hi").toString(), "Bearer sk-a");
        client.post(ChatClient.request("hi").toString(), "Bearer sk-b");
        client.post(ChatClient.request("hi").toString(), "Bearer sk-a");

        assertThat(mock.authorizationHeaders()).containsExactly("Bearer sk-b", "Bearer sk-a");
    }

    @Test
    void listsModelsForAnAuthenticatedCaller() {
        HttpResponse<String> response = client.get("/v1/models", "Bearer k");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = ChatClient.parse(response);
        assertThat(body.path("object").stringValue()).isEqualTo("list");
        assertThat(body.path("data").valueStream().map(model -> model.path("id").stringValue()))
                .containsExactly("gpt-4o-mini", "gpt-4o", "mock-model");
        assertThat(client.get("/v1/models", null).statusCode()).isEqualTo(401);
    }

    @Test
    void listsModelsTheAnthropicAndAzureWayWithTheirOwnCredentialHeaders() throws Exception {
        mock.behaviour(MockBehaviour.healthy().withRequiredApiKey("sk-the-right-one").withErrorRate(1.0));
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            HttpResponse<String> anthropic = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(mock.baseUrl() + "/v1/models"))
                    .header("x-api-key", "sk-the-right-one").header("anthropic-version", "2023-06-01").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            // a probe is answered whatever the chat behaviour: only the key counts
            assertThat(anthropic.statusCode()).isEqualTo(200);
            JsonNode body = ChatClient.parse(anthropic);
            assertThat(body.path("has_more").booleanValue()).isFalse();
            assertThat(body.path("data").valueStream().map(model -> model.path("type").stringValue()))
                    .containsOnly("model");
            HttpResponse<String> wrongAnthropicKey = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(mock.baseUrl() + "/v1/models"))
                    .header("x-api-key", "sk-wrong").header("anthropic-version", "2023-06-01").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrongAnthropicKey.statusCode()).isEqualTo(401);
            assertThat(ChatClient.parse(wrongAnthropicKey).path("type").stringValue()).isEqualTo("error");

            HttpResponse<String> azure = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(mock.baseUrl() + "/openai/models?api-version=2024-10-21"))
                    .header("api-key", "sk-the-right-one").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(azure.statusCode()).isEqualTo(200);
            assertThat(ChatClient.parse(azure).path("object").stringValue()).isEqualTo("list");
            HttpResponse<String> azureWrongKey = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(mock.baseUrl() + "/openai/models?api-version=2024-10-21"))
                    .header("api-key", "sk-wrong").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(azureWrongKey.statusCode()).isEqualTo(401);
            assertThat(ChatClient.parse(azureWrongKey).path("error").path("code").stringValue()).isEqualTo("401");
        }
    }

    @Test
    void answersHealthWithoutAKey() {
        HttpResponse<String> response = client.get("/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
    }

    @Test
    void answersUnknownPathsAndMethodsInOpenAisErrorShape() {
        HttpResponse<String> unknown = client.get("/v1/embeddings", "Bearer k");
        HttpResponse<String> wrongMethod = client.get("/v1/chat/completions", "Bearer k");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ChatClient.parse(unknown).path("error").path("message").stringValue())
                .isEqualTo("Invalid URL (GET /v1/embeddings)");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    }
}
