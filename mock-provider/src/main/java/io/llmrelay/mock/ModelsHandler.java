package io.llmrelay.mock;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** {@code GET /v1/models}: an OpenAI list object; like OpenAI it needs a valid key. */
final class ModelsHandler implements HttpHandler {

    static final String PATH = "/v1/models";
    static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4o", "mock-model");

    private final Supplier<MockBehaviour> behaviour;
    private final OpenAiJson json;
    private final Clock clock;

    ModelsHandler(Supplier<MockBehaviour> behaviour, OpenAiJson json, Clock clock) {
        this.behaviour = behaviour;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<OpenAiError> unauthorized =
                    ApiKeyCheck.check(exchange.getRequestHeaders().getFirst("Authorization"), behaviour.get());
            HttpAnswer answer = unauthorized
                    .map(error -> HttpAnswer.json(error.status(), json.error(error)))
                    .orElseGet(() -> HttpAnswer.json(200, json.models(MODELS, clock.instant().getEpochSecond())));
            answer.send(exchange);
        }
    }
}
