package io.llmrelay.mock;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** {@code GET /health}: 200 "ok" whatever the behaviour, so a runner can wait for the process without a key. */
final class HealthHandler implements HttpHandler {

    static final String PATH = "/health";

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            HttpAnswer.text(200, "ok").send(exchange);
        }
    }
}
