package io.llmrelay.mock;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's {@code POST /v1/chat/completions}: {@code Authorization: Bearer}, OpenAI's bodies and errors, and
 * its {@code x-ratelimit-*} headers on every answer.
 */
final class OpenAiApi implements ChatApi {

    /** What the mock announces as its limits; a request never brings them near. */
    static final long REQUEST_LIMIT = 10_000;
    static final long TOKEN_LIMIT = 2_000_000;

    private final JsonMapper mapper;
    private final OpenAiJson json;

    OpenAiApi(JsonMapper mapper) {
        this.mapper = mapper;
        this.json = new OpenAiJson(mapper);
    }

    @Override
    public String credential(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Authorization");
    }

    @Override
    public Optional<OpenAiError> check(HttpExchange exchange, MockBehaviour behaviour) {
        return ApiKeyCheck.check(credential(exchange), behaviour);
    }

    @Override
    public ChatRequest parse(byte[] body, HttpExchange exchange) throws RejectedRequest {
        return ChatRequest.parse(body, mapper);
    }

    @Override
    public String idPrefix() {
        return "chatcmpl-";
    }

    @Override
    public byte[] completion(MockCompletion completion) {
        return json.completion(completion);
    }

    @Override
    public byte[] error(OpenAiError error) {
        return json.error(error);
    }

    @Override
    public Map<String, String> rateLimitedHeaders(Duration retryAfter) {
        return RetryAfterHeaders.of(retryAfter);
    }

    /**
     * {@code x-ratelimit-limit-*}, {@code -remaining-*} and {@code -reset-*} as OpenAI sends them: one request and
     * this request's prompt tokens used out of the limits.
     */
    @Override
    public Map<String, String> answerHeaders(MockCompletion completion) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-limit-requests", Long.toString(REQUEST_LIMIT));
        headers.put("x-ratelimit-limit-tokens", Long.toString(TOKEN_LIMIT));
        headers.put("x-ratelimit-remaining-requests", Long.toString(REQUEST_LIMIT - 1));
        headers.put("x-ratelimit-remaining-tokens", Long.toString(TOKEN_LIMIT - completion.promptTokens()));
        headers.put("x-ratelimit-reset-requests", "6ms");
        headers.put("x-ratelimit-reset-tokens", "0s");
        return headers;
    }

    @Override
    public boolean streams() {
        return true;
    }
}
