package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP/1.1 client for the tests, so requests reach Tomcat exactly as any client would send them. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static HttpResponse<String> postJson(URI uri, String key, String body) {
        return send(request(uri, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> get(URI uri, String key) {
        return send(request(uri, key).GET().build());
    }

    static HttpResponse<String> get(URI uri) {
        return get(uri, null);
    }

    /**
     * A GET that must be answered within {@link #PROBE_TIMEOUT}, the timeout of the Kubernetes probes, whatever state
     * Kafka is in. Not for a management server's very first call, which also starts its dispatcher.
     */
    static HttpResponse<String> timedGet(URI uri) {
        long start = System.nanoTime();
        HttpResponse<String> response = get(uri);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("GET %s took %s", uri, took).isLessThan(PROBE_TIMEOUT);
        return response;
    }

    static HttpRequest.Builder request(URI uri, String key) {
        // longer than any relay.ingest.request-timeout the tests configure (at most 60 s, the default), so a slow
        // answer arrives as the relay's own 504 rather than as a client-side timeout
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request;
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String chat(String model, String prompt, String more) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]"
                + more + "}";
    }
}
