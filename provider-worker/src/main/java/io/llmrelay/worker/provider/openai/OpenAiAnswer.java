package io.llmrelay.worker.provider.openai;

import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.provider.AttemptResult.Completion;
import io.llmrelay.worker.provider.ParsedAnswer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a 2xx {@code chat.completion} body, as OpenAI, Azure OpenAI and OpenAI-compatible servers send it. A body
 * without choices or without usage is unusable (see {@link ParsedAnswer}).
 */
public final class OpenAiAnswer {

    private final JsonMapper json;

    public OpenAiAnswer(JsonMapper json) {
        this.json = json;
    }

    public ParsedAnswer parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return ParsedAnswer.unusable("not JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode usage = root.path("usage");
        if (!choice.isObject()) {
            return ParsedAnswer.unusable("no choices");
        }
        if (!usage.path("prompt_tokens").canConvertToInt() || !usage.path("completion_tokens").canConvertToInt()) {
            return ParsedAnswer.unusable("no token usage");
        }
        TokenUsage tokens = new TokenUsage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt(),
                usage.path("prompt_tokens_details").path("cached_tokens").asInt(0));
        JsonNode content = choice.path("message").path("content");
        return ParsedAnswer.of(new Completion(text(root.path("id")), text(root.path("model")),
                content.isString() ? content.stringValue() : null, text(choice.path("finish_reason")), tokens));
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : null;
    }
}
