package io.llmrelay.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Talks to a {@link MockProvider} the way a provider client would: plain HTTP/1.1 and JSON. */
final class ChatClient {

    static final String KEY = "sk-test-key";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI baseUrl;

    ChatClient(MockProvider mock) {
        this.baseUrl = mock.baseUrl();
    }

    /** A chat completion body for gpt-4o-mini with a system message and the given user message. */
    static ObjectNode request(String userContent) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", "gpt-4o-mini");
        body.putArray("messages")
                .add(message("system", "You are terse."))
                .add(message("user", userContent));
        return body;
    }

    static ObjectNode message(String role, String content) {
        ObjectNode message = JSON.createObjectNode();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    HttpResponse<String> chat(String userContent) {
        return post(request(userContent).toString(), "Bearer " + KEY);
    }

    HttpResponse<String> post(String body, String authorization) {
        return send(chatRequest(body, authorization));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return http.sendAsync(chatRequest(body, "Bearer " + KEY), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of {@code body} to {@code pathAndQuery} with exactly the given headers (and a JSON content type). */
    HttpResponse<String> post(String pathAndQuery, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    static JsonNode parse(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpRequest chatRequest(String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + request.uri(), e);
        }
    }
}
