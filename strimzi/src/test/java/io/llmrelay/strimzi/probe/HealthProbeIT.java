package io.llmrelay.strimzi.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The image's health probe against a real HTTP server on loopback. */
class HealthProbeIT {

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/up", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/down", exchange -> answer(exchange, 503, "{\"status\":\"DOWN\"}"));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "{}");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void healthyWhenTheEndpointAnswers2xx() {
        assertThat(HealthProbe.check(uri("/up"), Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void unhealthyWhenTheEndpointAnswersAnError() {
        assertThat(HealthProbe.check(uri("/down"), Duration.ofSeconds(3))).isFalse();
    }

    @Test
    void unhealthyWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        assertThat(HealthProbe.check(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void unhealthyWhenTheAnswerTakesLongerThanTheTimeout() {
        assertThat(HealthProbe.check(uri("/slow"), Duration.ofMillis(200))).isFalse();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the probe may have given up already (timeout test): nothing left to answer
        } finally {
            exchange.close();
        }
    }
}
