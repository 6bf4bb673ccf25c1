package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AnthropicApiTest {

    private static final Map<String, String> HEADERS = Map.of("x-api-key", "sk-ant-test",
            "anthropic-version", "2023-06-01");

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

    static ObjectNode request(String userContent) {
        ObjectNode body = ChatClient.JSON.createObjectNode();
        body.put("model", "claude-sonnet-4-5");
        body.put("max_tokens", 256);
        body.put("system", "You are terse.");
        body.putArray("messages").add(ChatClient.message("user", userContent));
        return body;
    }

    private HttpResponse<String> messages(ObjectNode body, Map<String, String> headers) {
        return client.post("/v1/messages", body.toString(), headers);
    }

    @Test
    void answersAMessageWithTheSameTokenCountsAsTheOpenAiApi() {
        HttpResponse<String> response = messages(request("Hello there, how are you?"), HEADERS);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = ChatClient.parse(response);
        assertThat(body.path("id").stringValue()).matches("msg_[A-Za-z0-9]{29}");
        assertThat(body.path("type").stringValue()).isEqualTo("message");
        assertThat(body.path("model").stringValue()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("content").get(0).path("type").stringValue()).isEqualTo("text");
        assertThat(body.path("content").get(0).path("text").stringValue())
                .isEqualTo("Mock reply to: Hello there, how are you?");
        assertThat(body.path("stop_reason").stringValue()).isEqualTo("end_turn");
        // as ChatCompletionsTest: system 4 + 3, user 7 + 3, reply 10
        assertThat(body.path("usage").path("input_tokens").asInt()).isEqualTo(17);
        assertThat(body.path("usage").path("output_tokens").asInt()).isEqualTo(10);
        assertThat(response.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("3999");
        assertThat(response.headers().firstValue("anthropic-ratelimit-tokens-remaining")).hasValue("1999983");
        assertThat(Instant.parse(response.headers().firstValue("anthropic-ratelimit-tokens-reset").orElseThrow()))
                .isAfter(Instant.now());
        assertThat(mock.authorizationHeaders()).containsExactly("sk-ant-test");
    }

    @Test
    void aShortMaxTokensStopsForMaxTokens() {
        HttpResponse<String> response = messages(request("Hello there, how are you?").put("max_tokens", 2), HEADERS);

        JsonNode body = ChatClient.parse(response);
        assertThat(body.path("content").get(0).path("text").stringValue()).isEqualTo("Mock rep");
        assertThat(body.path("stop_reason").stringValue()).isEqualTo("max_tokens");
    }

    @Test
    void refusesAMissingOrWrongKeyAndAMissingVersionInAnthropicsShape() {
        HttpResponse<String> noKey = messages(request("hi"), Map.of("anthropic-version", "2023-06-01"));
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(ChatClient.parse(noKey).path("type").stringValue()).isEqualTo("error");
        assertThat(ChatClient.parse(noKey).path("error").path("type").stringValue()).isEqualTo("authentication_error");

        mock.behaviour(MockBehaviour.healthy().withRequiredApiKey("sk-ant-right"));
        HttpResponse<String> wrongKey = messages(request("hi"), HEADERS);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).doesNotContain("sk-ant-test");

        HttpResponse<String> noVersion = messages(request("hi"), Map.of("x-api-key", "sk-ant-right"));
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(ChatClient.parse(noVersion).path("error").path("message").stringValue())
                .contains("anthropic-version");
    }

    @Test
    void requiresMaxTokensAndRefusesASystemRoleMessage() {
        ObjectNode noMaxTokens = request("hi");
        noMaxTokens.remove("max_tokens");
        HttpResponse<String> missing = messages(noMaxTokens, HEADERS);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(ChatClient.parse(missing).path("error").path("type").stringValue())
                .isEqualTo("invalid_request_error");
        assertThat(ChatClient.parse(missing).path("error").path("message").stringValue()).contains("max_tokens");

        ObjectNode systemRole = request("hi");
        ((tools.jackson.databind.node.ArrayNode) systemRole.path("messages")).insert(0,
                ChatClient.message("system", "be brief"));
        assertThat(messages(systemRole, HEADERS).statusCode()).isEqualTo(400);
    }

    @Test
    void directivesGiveOverloadedAndRateLimitedAnswersWithAnthropicsHeaders() {
        HttpResponse<String> overloaded = messages(request("busy? [mock:status=529]"), HEADERS);
        assertThat(overloaded.statusCode()).isEqualTo(529);
        assertThat(ChatClient.parse(overloaded).path("error").path("type").stringValue()).isEqualTo("overloaded_error");

        HttpResponse<String> limited = messages(request("again [mock:status=429][mock:retry-after=1500]"), HEADERS);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(ChatClient.parse(limited).path("error").path("type").stringValue()).isEqualTo("rate_limit_error");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("2");
        assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("0");
        Instant reset = Instant.parse(limited.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
        assertThat(reset).isAfter(Instant.now().plus(Duration.ofMillis(500)));
    }
}
