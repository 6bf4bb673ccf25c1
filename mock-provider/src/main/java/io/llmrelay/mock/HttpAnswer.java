package io.llmrelay.mock;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpExchange;

/** A complete, non-streamed HTTP answer. */
record HttpAnswer(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";

    HttpAnswer {
        headers = Map.copyOf(headers);
    }

    static HttpAnswer json(int status, byte[] body) {
        return new HttpAnswer(status, JSON, body, Map.of());
    }

    static HttpAnswer text(int status, String body) {
        return new HttpAnswer(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    HttpAnswer withHeaders(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        return new HttpAnswer(status, contentType, body, all);
    }

    void send(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-request-id", requestId());
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** OpenAI answers carry one; clients log it, so it is worth exercising. */
    static String requestId() {
        return "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
