package io.llmrelay.mock;

import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders the mock's answers in OpenAI's wire shape, including the fields a real answer carries
 * that clients usually ignore ({@code refusal}, token details, {@code system_fingerprint}), so a
 * client that is strict about them fails here and not first in production.
 */
final class OpenAiJson {

    private static final String FINGERPRINT = "fp_mock";

    private final JsonMapper json;

    OpenAiJson(JsonMapper json) {
        this.json = json;
    }

    byte[] completion(MockCompletion completion) {
        ObjectNode root = envelope(completion, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", completion.content());
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", completion.finishReason());
        usage(root.putObject("usage"), completion);
        return json.writeValueAsBytes(root);
    }

    /** The first chunk of a stream: announces the assistant role, no content yet. */
    byte[] roleChunk(MockCompletion completion, boolean includeUsage) {
        return chunk(completion, includeUsage, delta -> {
            delta.put("role", "assistant");
            delta.put("content", "");
            delta.putNull("refusal");
        }, null);
    }

    byte[] contentChunk(MockCompletion completion, String text, boolean includeUsage) {
        return chunk(completion, includeUsage, delta -> delta.put("content", text), null);
    }

    byte[] finishChunk(MockCompletion completion, boolean includeUsage) {
        return chunk(completion, includeUsage, delta -> { }, completion.finishReason());
    }

    /** Sent after the finish chunk when the request asked for {@code stream_options.include_usage}. */
    byte[] usageChunk(MockCompletion completion) {
        ObjectNode root = envelope(completion, "chat.completion.chunk");
        root.putArray("choices");
        usage(root.putObject("usage"), completion);
        return json.writeValueAsBytes(root);
    }

    byte[] error(OpenAiError error) {
        ObjectNode root = json.createObjectNode();
        ObjectNode body = root.putObject("error");
        body.put("message", error.message());
        body.put("type", error.type());
        body.put("param", error.param());
        body.put("code", error.code());
        return json.writeValueAsBytes(root);
    }

    byte[] models(List<String> ids, long created) {
        ObjectNode root = json.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : ids) {
            ObjectNode model = data.addObject();
            model.put("id", id);
            model.put("object", "model");
            model.put("created", created);
            model.put("owned_by", "llm-relay-mock");
        }
        return json.writeValueAsBytes(root);
    }

    private ObjectNode envelope(MockCompletion completion, String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", completion.id());
        root.put("object", object);
        root.put("created", completion.created());
        root.put("model", completion.model());
        root.put("service_tier", "default");
        root.put("system_fingerprint", FINGERPRINT);
        return root;
    }

    /** A chunk with one choice; with include_usage each carries {@code "usage": null} as OpenAI's do. */
    private byte[] chunk(MockCompletion completion, boolean includeUsage, Consumer<ObjectNode> delta,
                         String finishReason) {
        ObjectNode root = envelope(completion, "chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        delta.accept(choice.putObject("delta"));
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (includeUsage) {
            root.putNull("usage");
        }
        return json.writeValueAsBytes(root);
    }

    private static void usage(ObjectNode usage, MockCompletion completion) {
        usage.put("prompt_tokens", completion.promptTokens());
        usage.put("completion_tokens", completion.completionTokens());
        usage.put("total_tokens", completion.totalTokens());
        ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
        promptDetails.put("cached_tokens", 0);
        promptDetails.put("audio_tokens", 0);
        ObjectNode completionDetails = usage.putObject("completion_tokens_details");
        completionDetails.put("reasoning_tokens", 0);
        completionDetails.put("audio_tokens", 0);
        completionDetails.put("accepted_prediction_tokens", 0);
        completionDetails.put("rejected_prediction_tokens", 0);
    }
}
