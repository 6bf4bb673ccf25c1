package io.llmrelay.worker.provider.anthropic;

import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.provider.AttemptResult.Completion;
import io.llmrelay.worker.provider.ParsedAnswer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a 2xx Messages API body into the relay's (OpenAI-shaped) completion: the text blocks of {@code content}
 * joined, {@code stop_reason} as an OpenAI {@code finish_reason}, and the usage. Anthropic counts cached input
 * apart ({@code cache_read_input_tokens}, {@code cache_creation_input_tokens} are not in {@code input_tokens});
 * the relay's prompt tokens include them, as OpenAI's do, and its cached tokens are the cache reads.
 */
final class AnthropicAnswer {

    private final JsonMapper json;

    AnthropicAnswer(JsonMapper json) {
        this.json = json;
    }

    ParsedAnswer parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return ParsedAnswer.unusable("not JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode content = root.path("content");
        JsonNode usage = root.path("usage");
        if (!content.isArray()) {
            return ParsedAnswer.unusable("no content");
        }
        if (!usage.path("input_tokens").canConvertToInt() || !usage.path("output_tokens").canConvertToInt()) {
            return ParsedAnswer.unusable("no token usage");
        }
        int cacheRead = usage.path("cache_read_input_tokens").asInt(0);
        int prompt = usage.path("input_tokens").asInt() + cacheRead
                + usage.path("cache_creation_input_tokens").asInt(0);
        TokenUsage tokens = new TokenUsage(prompt, usage.path("output_tokens").asInt(), cacheRead);
        StringBuilder text = new StringBuilder();
        boolean anyText = false;
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").stringValue()) && block.path("text").isString()) {
                text.append(block.path("text").stringValue());
                anyText = true;
            }
        }
        return ParsedAnswer.of(new Completion(string(root.path("id")), string(root.path("model")),
                anyText ? text.toString() : null, finishReason(string(root.path("stop_reason"))), tokens));
    }

    /** Anthropic's {@code stop_reason} as OpenAI's {@code finish_reason}; an unknown reason passes as it is. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence", "pause_turn" -> "stop";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> stopReason;
        };
    }

    private static String string(JsonNode node) {
        return node.isString() ? node.stringValue() : null;
    }
}
