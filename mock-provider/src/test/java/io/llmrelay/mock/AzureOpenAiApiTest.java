package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AzureOpenAiApiTest {

    private static final String PATH = "/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21";

    private MockProvider mock;
    private ChatClient client;

    @BeforeEach
    void start() {
        mock = MockProvider.start(MockBehaviour.healthy().withRequiredApiKey("azure-key"));
        client = new ChatClient(mock);
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private static String body(String userContent) {
        ObjectNode body = ChatClient.request(userContent);
        body.remove("model"); // the deployment decides
        return body.toString();
    }

    @Test
    void answersOnTheDeploymentUrlWithAnApiKeyOrABearerToken() {
        HttpResponse<String> withKey = client.post(PATH, body("Hello there, how are you?"),
                Map.of("api-key", "azure-key"));
        assertThat(withKey.statusCode()).isEqualTo(200);
        JsonNode completion = ChatClient.parse(withKey);
        assertThat(completion.path("model").stringValue()).isEqualTo("prod-gpt4o");
        assertThat(completion.path("usage").path("prompt_tokens").asInt()).isEqualTo(17);
        assertThat(withKey.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("9999");
        assertThat(withKey.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("1999983");

        HttpResponse<String> withToken = client.post(PATH, body("hi"), Map.of("Authorization", "Bearer azure-key"));
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(mock.authorizationHeaders()).containsExactly("azure-key", "Bearer azure-key");
    }

    @Test
    void refusesAWrongKeyAndAMissingApiVersionInAzuresShape() {
        HttpResponse<String> wrongKey = client.post(PATH, body("hi"), Map.of("api-key", "other"));
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(ChatClient.parse(wrongKey).path("error").path("code").stringValue()).isEqualTo("401");

        HttpResponse<String> noVersion = client.post("/openai/deployments/prod-gpt4o/chat/completions", body("hi"),
                Map.of("api-key", "azure-key"));
        assertThat(noVersion.statusCode()).isEqualTo(404);
        assertThat(ChatClient.parse(noVersion).path("error").path("message").stringValue())
                .isEqualTo("Resource not found");
    }

    @Test
    void rateLimitsAndContentFilterAnswerAsAzureDoes() {
        HttpResponse<String> limited = client.post(PATH, body("x [mock:status=429][mock:retry-after=2500]"),
                Map.of("api-key", "azure-key"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(ChatClient.parse(limited).path("error").path("code").stringValue()).isEqualTo("429");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("3");
        assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("2500");
        assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");

        HttpResponse<String> filtered = client.post(PATH, body("x [mock:content-filter]"),
                Map.of("api-key", "azure-key"));
        assertThat(filtered.statusCode()).isEqualTo(400);
        JsonNode error = ChatClient.parse(filtered).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("content_filter");
        assertThat(error.path("innererror").path("code").stringValue()).isEqualTo("ResponsibleAIPolicyViolation");
    }

    @Test
    void anOpenAiAnswerCarriesRateLimitHeaders() {
        HttpResponse<String> response = new ChatClient(mock).post(ChatClient.request("hi").toString(),
                "Bearer azure-key");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("9999");
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValue("6ms");
        assertThat(response.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("2000000");
    }
}
