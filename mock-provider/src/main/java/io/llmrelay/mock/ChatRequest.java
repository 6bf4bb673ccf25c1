package io.llmrelay.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of an OpenAI chat completion request the mock acts on. Everything else in the body
 * (temperature, tools, ...) is accepted and ignored, as a provider would accept it.
 *
 * @param maxTokens {@code max_completion_tokens}, or the older {@code max_tokens}, when given
 */
record ChatRequest(String model, List<ChatMessage> messages, OptionalInt maxTokens, boolean stream,
                   boolean includeUsage) {

    static ChatRequest parse(byte[] body, JsonMapper json) throws RejectedRequest {
        return parse(body, json, null);
    }

    /** @param defaultModel the model when the body names none (Azure: the deployment), or null to require one */
    static ChatRequest parse(byte[] body, JsonMapper json, String defaultModel) throws RejectedRequest {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new RejectedRequest(OpenAiError.unparseableJson());
        }
        if (root == null || !root.isObject()) {
            throw new RejectedRequest(OpenAiError.unparseableJson());
        }
        JsonNode model = root.path("model");
        boolean named = model.isString() && !model.stringValue().isBlank();
        if (!named && defaultModel == null) {
            throw new RejectedRequest(OpenAiError.invalidRequest("you must provide a model parameter", null, null));
        }
        return new ChatRequest(named ? model.stringValue() : defaultModel, messages(root.path("messages")), maxTokens(root),
                root.path("stream").asBoolean(false),
                root.path("stream_options").path("include_usage").asBoolean(false));
    }

    /** The text of the last user message, where directives and the echoed prompt come from. */
    String lastUserContent() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).isUser()) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    static List<ChatMessage> messages(JsonNode node) throws RejectedRequest {
        if (node.isMissingNode() || node.isNull()) {
            throw missing("messages");
        }
        if (!node.isArray()) {
            throw new RejectedRequest(OpenAiError.invalidRequest(
                    "Invalid type for 'messages': expected an array.", "messages", "invalid_type"));
        }
        if (node.isEmpty()) {
            throw new RejectedRequest(OpenAiError.invalidRequest(
                    "Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages",
                    "empty_array"));
        }
        List<ChatMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode role = node.get(i).path("role");
            if (!role.isString()) {
                throw missing("messages[" + i + "].role");
            }
            messages.add(new ChatMessage(role.stringValue(), text(node.get(i).path("content"))));
        }
        return List.copyOf(messages);
    }

    static String text(JsonNode content) {
        if (content.isString()) {
            return content.stringValue();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                text.append(part.path("text").asString(""));
            }
        }
        return text.toString();
    }

    static OptionalInt maxTokens(JsonNode root) throws RejectedRequest {
        for (String param : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = root.path(param);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
                throw new RejectedRequest(OpenAiError.invalidRequest("Invalid '" + param + "': expected an integer"
                        + " of at least 1, but got " + value + ".", param, "invalid_value"));
            }
            return OptionalInt.of(value.intValue());
        }
        return OptionalInt.empty();
    }

    private static RejectedRequest missing(String param) {
        return new RejectedRequest(OpenAiError.invalidRequest("Missing required parameter: '" + param + "'.", param,
                "missing_required_parameter"));
    }
}
