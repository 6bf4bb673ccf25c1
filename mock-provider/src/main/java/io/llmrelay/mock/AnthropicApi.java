package io.llmrelay.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages API, {@code POST /v1/messages}: {@code x-api-key} and {@code anthropic-version} headers,
 * a top-level {@code system}, required {@code max_tokens}, {@code user}/{@code assistant} messages with string or
 * text-block content; answers {@code {"type":"message","content":[{"type":"text",...}],"stop_reason",...}} and
 * errors {@code {"type":"error","error":{"type","message"}}} (529 {@code overloaded_error} included), with the
 * {@code anthropic-ratelimit-*} headers on every answer and {@code retry-after} on a 429. Streaming is not
 * spoken: {@code "stream": true} is refused.
 *
 * <p>The system prompt counts as a message for the mock's token rule ({@link MockCompletion}), so the same
 * conversation costs the same tokens here as through the OpenAI API.
 */
final class AnthropicApi implements ChatApi {

    static final String PATH = "/v1/messages";
    static final long REQUEST_LIMIT = 4_000;
    static final long TOKEN_LIMIT = 2_000_000;

    private final JsonMapper mapper;
    private final Clock clock;

    AnthropicApi(JsonMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public String credential(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("x-api-key");
    }

    @Override
    public Optional<OpenAiError> check(HttpExchange exchange, MockBehaviour behaviour) {
        String key = credential(exchange);
        if (key == null || key.isBlank()) {
            return Optional.of(new OpenAiError(401, "x-api-key header is required", null, null, null));
        }
        if (behaviour.requiredApiKey() != null && !MessageDigest.isEqual(key.strip().getBytes(StandardCharsets.UTF_8),
                behaviour.requiredApiKey().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new OpenAiError(401, "invalid x-api-key", null, null, null));
        }
        if (exchange.getRequestHeaders().getFirst("anthropic-version") == null) {
            return Optional.of(invalid("anthropic-version: header is required"));
        }
        return Optional.empty();
    }

    @Override
    public ChatRequest parse(byte[] body, HttpExchange exchange) throws RejectedRequest {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new RejectedRequest(invalid("There was an issue with your request body: invalid JSON"));
        }
        if (root == null || !root.isObject()) {
            throw new RejectedRequest(invalid("There was an issue with your request body: expected an object"));
        }
        JsonNode model = root.path("model");
        if (!model.isString() || model.stringValue().isBlank()) {
            throw new RejectedRequest(invalid("model: Field required"));
        }
        if (root.path("max_tokens").isMissingNode()) {
            throw new RejectedRequest(invalid("max_tokens: Field required"));
        }
        OptionalInt maxTokens;
        List<ChatMessage> messages = new ArrayList<>();
        try {
            maxTokens = ChatRequest.maxTokens(root);
            if (!root.path("system").isMissingNode()) {
                messages.add(new ChatMessage("system", ChatRequest.text(root.path("system"))));
            }
            messages.addAll(ChatRequest.messages(root.path("messages")));
        } catch (RejectedRequest e) {
            throw new RejectedRequest(invalid(e.error().message()));
        }
        for (int i = messages.isEmpty() || !"system".equals(messages.getFirst().role()) ? 0 : 1;
             i < messages.size(); i++) {
            String role = messages.get(i).role();
            if (!"user".equals(role) && !"assistant".equals(role)) {
                throw new RejectedRequest(invalid("messages: Unexpected role \"" + role + "\". The Messages API"
                        + " accepts a top-level `system` parameter, not \"system\" as an input message role."));
            }
        }
        if (root.path("stream").asBoolean(false)) {
            throw new RejectedRequest(invalid("stream: the mock provider does not stream Anthropic answers"));
        }
        return new ChatRequest(model.stringValue(), List.copyOf(messages), maxTokens, false, false);
    }

    @Override
    public String idPrefix() {
        return "msg_";
    }

    @Override
    public byte[] completion(MockCompletion completion) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", completion.id());
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", completion.model());
        ObjectNode text = root.putArray("content").addObject();
        text.put("type", "text");
        text.put("text", completion.content());
        root.put("stop_reason", "length".equals(completion.finishReason()) ? "max_tokens" : "end_turn");
        root.putNull("stop_sequence");
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", completion.promptTokens());
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", completion.completionTokens());
        usage.put("service_tier", "standard");
        return mapper.writeValueAsBytes(root);
    }

    @Override
    public byte[] error(OpenAiError error) {
        ObjectNode root = mapper.createObjectNode();
        root.put("type", "error");
        ObjectNode body = root.putObject("error");
        body.put("type", type(error.status()));
        body.put("message", error.status() == 529 ? "Overloaded" : error.message());
        root.put("request_id", HttpAnswer.requestId());
        return mapper.writeValueAsBytes(root);
    }

    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    @Override
    public Map<String, String> rateLimitedHeaders(Duration retryAfter) {
        Instant reset = clock.instant().plus(retryAfter).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("retry-after", Long.toString((retryAfter.toMillis() + 999) / 1000));
        headers.putAll(limits(0, TOKEN_LIMIT, reset));
        return headers;
    }

    /** One request and this request's prompt tokens used out of the limits, refilled within a minute. */
    @Override
    public Map<String, String> answerHeaders(MockCompletion completion) {
        Instant reset = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
        return limits(REQUEST_LIMIT - 1, TOKEN_LIMIT - completion.promptTokens(), reset);
    }

    private static Map<String, String> limits(long requestsRemaining, long tokensRemaining, Instant reset) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("anthropic-ratelimit-requests-limit", Long.toString(REQUEST_LIMIT));
        headers.put("anthropic-ratelimit-requests-remaining", Long.toString(requestsRemaining));
        headers.put("anthropic-ratelimit-requests-reset", reset.toString());
        headers.put("anthropic-ratelimit-tokens-limit", Long.toString(TOKEN_LIMIT));
        headers.put("anthropic-ratelimit-tokens-remaining", Long.toString(tokensRemaining));
        headers.put("anthropic-ratelimit-tokens-reset", reset.toString());
        return headers;
    }

    @Override
    public boolean streams() {
        return false;
    }

    private static OpenAiError invalid(String message) {
        return new OpenAiError(400, message, "invalid_request_error", null, null);
    }
}
