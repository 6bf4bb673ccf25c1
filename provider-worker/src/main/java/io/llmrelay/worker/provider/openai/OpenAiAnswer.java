package io.llmrelay.worker.provider.openai;

import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.provider.AttemptResult.Completion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a 2xx {@code chat.completion} body. A body without choices or without usage is unusable: without
 * usage the call could not be billed, and billing zero silently is what the relay must never do.
 */
final class OpenAiAnswer {

    private final JsonMapper json;

    OpenAiAnswer(JsonMapper json) {
        this.json = json;
    }

    /** The completion, or the reason the body is unusable. */
    Parsed parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return new Parsed(null, "not JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode usage = root.path("usage");
        if (!choice.isObject()) {
            return new Parsed(null, "no choices");
        }
        if (!usage.path("prompt_tokens").canConvertToInt() || !usage.path("completion_tokens").canConvertToInt()) {
            return new Parsed(null, "no token usage");
        }
        TokenUsage tokens = new TokenUsage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt(),
                usage.path("prompt_tokens_details").path("cached_tokens").asInt(0));
        JsonNode content = choice.path("message").path("content");
        return new Parsed(new Completion(text(root.path("id")), text(root.path("model")),
                content.isString() ? content.stringValue() : null, text(choice.path("finish_reason")), tokens), null);
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : null;
    }

    /** Exactly one of the two is set. */
    record Parsed(Completion completion, String problem) {
    }
}
