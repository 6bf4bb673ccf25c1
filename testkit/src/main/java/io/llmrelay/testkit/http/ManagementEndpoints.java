package io.llmrelay.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A service's management endpoints over plain HTTP, as a kubelet or Prometheus reaches them. */
public final class ManagementEndpoints {

    /** The timeout of the Kubernetes probes: every health call must be answered within it, whatever the outage. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ManagementEndpoints() {
    }

    public static HttpResponse<String> get(URI uri) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A GET that must be answered within {@link #PROBE_TIMEOUT}. Not for the server's very first call. */
    public static HttpResponse<String> timedGet(URI uri) {
        long start = System.nanoTime();
        HttpResponse<String> response = get(uri);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("GET %s took %s", uri, took).isLessThan(PROBE_TIMEOUT);
        return response;
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The status of one component of a health answer, e.g. {@code database}. */
    public static String component(HttpResponse<String> health, String name) {
        return json(health).at("/components/" + name + "/status").stringValue();
    }
}
