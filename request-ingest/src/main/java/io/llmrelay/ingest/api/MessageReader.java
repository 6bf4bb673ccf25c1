package io.llmrelay.ingest.api;

import static io.llmrelay.ingest.api.RequestFields.absent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import io.llmrelay.schemas.ChatMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the {@code messages} array of a chat completion request into {@link ChatMessage}s.
 *
 * <p>Text parts of an array {@code content} are joined with a newline into the message's text. Fields the contract
 * has no place for ({@code tool_calls}, {@code tool_call_id}, ...) travel in {@code extra_json}; so does the original
 * {@code content} array when it has parts other than text (images, audio, files), so a provider can still send them.
 */
final class MessageReader {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    /** Roles whose messages may omit content: an assistant message may carry only tool calls. */
    private static final Set<String> CONTENT_OPTIONAL = Set.of("assistant", "function");
    private static final Set<String> MAPPED_FIELDS = Set.of("role", "content", "name");

    private final JsonMapper json;

    MessageReader(JsonMapper json) {
        this.json = json;
    }

    List<ChatMessage> read(JsonNode messages) {
        if (absent(messages)) {
            throw RequestFields.missing("messages");
        }
        if (!messages.isArray()) {
            throw RequestFields.invalidType("messages", "an array", messages);
        }
        if (messages.isEmpty()) {
            throw ApiException.invalid("messages", "empty_array", "Invalid 'messages': empty array. Expected an "
                    + "array with minimum length 1, but got an empty array instead.");
        }
        List<ChatMessage> read = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            read.add(readOne(messages.get(i), "messages[" + i + "]"));
        }
        return read;
    }

    private ChatMessage readOne(JsonNode message, String param) {
        if (!message.isObject()) {
            throw RequestFields.invalidType(param, "an object", message);
        }
        String role = RequestFields.requiredString(message.get("role"), param + ".role");
        if (!ROLES.contains(role)) {
            throw ApiException.invalid(param + ".role", "invalid_value", "Invalid value: '" + role
                    + "'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.");
        }
        JsonNode content = message.get("content");
        if (absent(content) && !CONTENT_OPTIONAL.contains(role)) {
            throw RequestFields.missing(param + ".content");
        }
        ObjectNode extra = json.createObjectNode();
        for (Map.Entry<String, JsonNode> field : message.properties()) {
            if (!MAPPED_FIELDS.contains(field.getKey())) {
                extra.set(field.getKey(), field.getValue());
            }
        }
        String text = text(content, param + ".content", extra);
        return ChatMessage.newBuilder()
                .setRole(role)
                .setContent(text)
                .setName(RequestFields.optionalString(message.get("name"), param + ".name"))
                .setExtraJson(extra.isEmpty() ? null : json.writeValueAsString(extra))
                .build();
    }

    /** The message text; an array with non-text parts is also kept whole in {@code extra}. */
    private static String text(JsonNode content, String param, ObjectNode extra) {
        if (absent(content)) {
            return null;
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (!content.isArray()) {
            throw RequestFields.invalidType(param, "a string or an array of content parts", content);
        }
        StringJoiner text = new StringJoiner("\n");
        boolean onlyText = true;
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partParam = param + "[" + i + "]";
            if (!part.isObject()) {
                throw RequestFields.invalidType(partParam, "an object", part);
            }
            String type = RequestFields.requiredString(part.get("type"), partParam + ".type");
            if ("text".equals(type)) {
                text.add(RequestFields.requiredString(part.get("text"), partParam + ".text"));
            } else {
                onlyText = false;
            }
        }
        if (!onlyText) {
            extra.set("content", content);
        }
        return text.toString();
    }
}
