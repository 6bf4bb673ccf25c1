package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The worker's management endpoints over plain HTTP, as a kubelet or Prometheus reaches them. */
final class Management {

    /** The timeout of the Kubernetes probes: every health call must be answered within it, whatever Kafka does. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Management() {
    }

    /** The worker's one web server carries only the actuator. */
    static URI uri(ConfigurableApplicationContext worker, String path) {
        int port = ((WebServerApplicationContext) worker).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static HttpResponse<String> get(URI uri) {
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
    static HttpResponse<String> timedGet(URI uri) {
        long start = System.nanoTime();
        HttpResponse<String> response = get(uri);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("GET %s took %s", uri, took).isLessThan(PROBE_TIMEOUT);
        return response;
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
