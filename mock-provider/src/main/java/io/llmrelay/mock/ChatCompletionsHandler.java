package io.llmrelay.mock;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/chat/completions}. Checks run in the order a provider runs them (key, then body,
 * then directives) and fail fast; only a request that passes them waits out the latency and gets
 * its chosen outcome.
 */
final class ChatCompletionsHandler implements HttpHandler {

    static final String PATH = "/v1/chat/completions";
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 29;

    private final Supplier<MockBehaviour> behaviour;
    private final JsonMapper mapper;
    private final OpenAiJson json;
    private final CompletionStream stream;
    private final OutcomeChooser chooser = new OutcomeChooser();
    private final Clock clock;
    private final AuthorizationLog authorizations = new AuthorizationLog();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();

    ChatCompletionsHandler(Supplier<MockBehaviour> behaviour, JsonMapper mapper, Clock clock) {
        this.behaviour = behaviour;
        this.mapper = mapper;
        this.json = new OpenAiJson(mapper);
        this.stream = new CompletionStream(json);
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        inFlight.incrementAndGet();
        try (exchange) {
            answer(exchange);
        } catch (InterruptedException e) {
            // the server is closing: leave the exchange unanswered, its connection is being dropped
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    long requestCount() {
        return requests.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    AuthorizationLog authorizations() {
        return authorizations;
    }

    private void answer(HttpExchange exchange) throws IOException, InterruptedException {
        MockBehaviour current = behaviour.get(); // one snapshot, so a concurrent swap cannot mix two behaviours
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.record(authorization);
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Optional<OpenAiError> unauthorized = ApiKeyCheck.check(authorization, current);
        if (unauthorized.isPresent()) {
            error(exchange, unauthorized.get());
            return;
        }
        ChatRequest request;
        Directives directives;
        try {
            request = ChatRequest.parse(body, mapper);
            directives = Directives.parse(request.lastUserContent());
        } catch (RejectedRequest e) {
            error(exchange, e.error());
            return;
        }
        Outcome outcome = chooser.choose(directives, current);
        Duration latency = directives.latency().orElse(current.latency());
        if (latency.isPositive()) {
            Thread.sleep(latency);
        }
        respond(exchange, request, outcome, directives.retryAfter().orElse(current.retryAfter()));
    }

    private void respond(HttpExchange exchange, ChatRequest request, Outcome outcome, Duration retryAfter)
            throws IOException {
        switch (outcome) {
            case Outcome.Failure(OpenAiError error) when error.status() == 429 ->
                    HttpAnswer.json(429, json.error(error)).withHeaders(RetryAfterHeaders.of(retryAfter)).send(exchange);
            case Outcome.Failure(OpenAiError error) -> error(exchange, error);
            case Outcome.Malformed() when request.stream() -> stream.sendBroken(exchange, completion(request));
            case Outcome.Malformed() -> {
                byte[] whole = json.completion(completion(request));
                HttpAnswer.json(200, Arrays.copyOf(whole, whole.length / 2)).send(exchange);
            }
            case Outcome.Completion() when request.stream() ->
                    stream.send(exchange, completion(request), request.includeUsage());
            case Outcome.Completion() -> HttpAnswer.json(200, json.completion(completion(request))).send(exchange);
        }
    }

    private MockCompletion completion(ChatRequest request) {
        return MockCompletion.answer(request, newId(), clock.instant().getEpochSecond());
    }

    private void error(HttpExchange exchange, OpenAiError error) throws IOException {
        HttpAnswer.json(error.status(), json.error(error)).send(exchange);
    }

    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder("chatcmpl-");
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
