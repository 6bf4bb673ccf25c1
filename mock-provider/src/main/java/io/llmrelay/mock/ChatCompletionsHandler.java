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
 * Chat requests of every API the mock speaks ({@link ChatApi}: OpenAI's {@code POST /v1/chat/completions},
 * Azure OpenAI's deployment URL, Anthropic's {@code POST /v1/messages}). Checks run in the order a provider runs
 * them (key, then body, then directives) and fail fast; only a request that passes them waits out the latency
 * and gets its chosen outcome. The counters cover all APIs.
 */
final class ChatCompletionsHandler implements HttpHandler {

    static final String PATH = "/v1/chat/completions";
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 29;

    private final Supplier<MockBehaviour> behaviour;
    private final ChatApi openAi;
    private final CompletionStream stream;
    private final OutcomeChooser chooser = new OutcomeChooser();
    private final Clock clock;
    private final AuthorizationLog authorizations = new AuthorizationLog();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile RequestWindow window;

    ChatCompletionsHandler(Supplier<MockBehaviour> behaviour, JsonMapper mapper, Clock clock) {
        this.behaviour = behaviour;
        this.openAi = new OpenAiApi(mapper);
        this.stream = new CompletionStream(new OpenAiJson(mapper));
        this.clock = clock;
    }

    /** OpenAI's API. */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        handle(exchange, openAi);
    }

    /** The handler of another API, sharing this one's counters. */
    HttpHandler speaking(ChatApi api) {
        return exchange -> handle(exchange, api);
    }

    private void handle(HttpExchange exchange, ChatApi api) throws IOException {
        requests.incrementAndGet();
        inFlight.incrementAndGet();
        try (exchange) {
            answer(exchange, api);
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

    /** From now on, at most {@code limit} chat requests per epoch-aligned window; null lifts the limit. */
    void limit(RequestWindow window) {
        this.window = window;
    }

    RequestWindow window() {
        return window;
    }

    AuthorizationLog authorizations() {
        return authorizations;
    }

    private void answer(HttpExchange exchange, ChatApi api) throws IOException, InterruptedException {
        MockBehaviour current = behaviour.get(); // one snapshot, so a concurrent swap cannot mix two behaviours
        authorizations.record(api.credential(exchange));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Optional<OpenAiError> refused = api.check(exchange, current);
        if (refused.isPresent()) {
            error(exchange, api, refused.get());
            return;
        }
        ChatRequest request;
        Directives directives;
        try {
            request = api.parse(body, exchange);
            directives = Directives.parse(request.lastUserContent());
        } catch (RejectedRequest e) {
            error(exchange, api, e.error());
            return;
        }
        RequestWindow limited = window;
        if (limited != null) {
            Duration untilNextWindow = limited.admit();
            if (untilNextWindow.isPositive()) {
                HttpAnswer.json(429, api.error(OpenAiError.rateLimited()))
                        .withHeaders(api.rateLimitedHeaders(untilNextWindow)).send(exchange);
                return;
            }
        }
        Outcome outcome = chooser.choose(directives, current);
        Duration latency = directives.latency().orElse(current.latency());
        if (latency.isPositive()) {
            Thread.sleep(latency);
        }
        respond(exchange, api, request, outcome, directives.retryAfter().orElse(current.retryAfter()));
    }

    private void respond(HttpExchange exchange, ChatApi api, ChatRequest request, Outcome outcome,
                         Duration retryAfter) throws IOException {
        switch (outcome) {
            case Outcome.Failure(OpenAiError error) when error.status() == 429 ->
                    HttpAnswer.json(429, api.error(error)).withHeaders(api.rateLimitedHeaders(retryAfter))
                            .send(exchange);
            case Outcome.Failure(OpenAiError error) -> error(exchange, api, error);
            case Outcome.Malformed() when request.stream() -> stream.sendBroken(exchange, completion(api, request));
            case Outcome.Malformed() -> {
                byte[] whole = api.completion(completion(api, request));
                HttpAnswer.json(200, Arrays.copyOf(whole, whole.length / 2)).send(exchange);
            }
            case Outcome.Completion() when request.stream() ->
                    stream.send(exchange, completion(api, request), request.includeUsage());
            case Outcome.Completion() -> {
                MockCompletion completion = completion(api, request);
                HttpAnswer.json(200, api.completion(completion)).withHeaders(api.answerHeaders(completion))
                        .send(exchange);
            }
        }
    }

    private MockCompletion completion(ChatApi api, ChatRequest request) {
        return MockCompletion.answer(request, newId(api.idPrefix()), clock.instant().getEpochSecond());
    }

    private static void error(HttpExchange exchange, ChatApi api, OpenAiError error) throws IOException {
        HttpAnswer.json(error.status(), api.error(error)).send(exchange);
    }

    private static String newId(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
