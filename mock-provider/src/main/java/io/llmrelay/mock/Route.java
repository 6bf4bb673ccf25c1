package io.llmrelay.mock;

import java.io.IOException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one exact path (or path pattern) and method. The JDK server picks a handler by path prefix, so without this
 * {@code /v1/models/extra} would reach the models handler; other paths and methods get OpenAI's
 * 404 and a 405.
 */
final class Route implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(Route.class);

    private final Predicate<String> path;
    private final String method;
    private final HttpHandler handler;
    private final OpenAiJson json;

    Route(String path, String method, HttpHandler handler, OpenAiJson json) {
        this(path::equals, method, handler, json);
    }

    /** Serves every path that matches {@code path} entirely: for paths with a parameter, like Azure's deployment. */
    Route(Pattern path, String method, HttpHandler handler, OpenAiJson json) {
        this(requestPath -> path.matcher(requestPath).matches(), method, handler, json);
    }

    private Route(Predicate<String> path, String method, HttpHandler handler, OpenAiJson json) {
        this.path = path;
        this.method = method;
        this.handler = handler;
        this.json = json;
    }

    /** Answers 404 to anything: for the "/" context, which catches every path not served elsewhere. */
    static HttpHandler notFound(OpenAiJson json) {
        return exchange -> {
            try (exchange) {
                reject(exchange, OpenAiError.notFound(exchange.getRequestMethod(), exchange.getRequestURI().getPath()),
                        json);
            }
        };
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestPath = exchange.getRequestURI().getPath();
        String requestMethod = exchange.getRequestMethod();
        if (!path.test(requestPath)) {
            try (exchange) {
                reject(exchange, OpenAiError.notFound(requestMethod, requestPath), json);
            }
        } else if (!method.equals(requestMethod)) {
            try (exchange) {
                exchange.getResponseHeaders().set("Allow", method);
                reject(exchange, OpenAiError.methodNotAllowed(requestMethod, requestPath), json);
            }
        } else {
            serve(exchange, requestMethod, requestPath);
        }
    }

    // the JDK server drops a handler's exception silently (TRACE level) and just closes the connection
    private void serve(HttpExchange exchange, String requestMethod, String requestPath) throws IOException {
        try {
            handler.handle(exchange);
        } catch (IOException e) {
            // usually the client gave up (timeout, cancelled) while the request waited out its latency
            log.debug("could not answer {} {}, the connection is gone: {}", requestMethod, requestPath, e.toString());
            throw e;
        } catch (RuntimeException e) {
            log.warn("mock provider failed answering {} {}; closing the connection without an answer",
                    requestMethod, requestPath, e);
            throw e;
        }
    }

    private static void reject(HttpExchange exchange, OpenAiError error, OpenAiJson json) throws IOException {
        HttpAnswer.json(error.status(), json.error(error)).send(exchange);
    }
}
