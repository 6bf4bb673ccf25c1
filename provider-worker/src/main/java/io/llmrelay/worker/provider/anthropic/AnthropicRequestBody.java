package io.llmrelay.worker.provider.anthropic;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.provider.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an OpenAI-shaped {@link CompletionRequest} as an Anthropic Messages API body:
 * <ul>
 * <li>system (and {@code developer}) messages become the top-level {@code system} text, joined by blank lines:
 * Anthropic has no system role in {@code messages};</li>
 * <li>consecutive messages of one role are merged into one message of text blocks, as Anthropic expects turns
 * to alternate;</li>
 * <li>{@code max_tokens} is required: the request's, else the provider's {@code default-max-tokens};</li>
 * <li>{@code stop} becomes {@code stop_sequences}; {@code temperature} and {@code top_p} keep their names;</li>
 * <li>{@code extra_json}: Anthropic's own parameters ({@code top_k}, {@code metadata}, {@code thinking},
 * {@code service_tier}) pass; OpenAI's {@code user} becomes {@code metadata.user_id}; other OpenAI-only
 * parameters (seed, response_format, penalties...) are left out, as Anthropic would refuse them.</li>
 * </ul>
 * Tool calls and structured content parts are not translated: such a request is refused with
 * {@link InvalidRequestException} rather than sent half-converted.
 */
final class AnthropicRequestBody {

    private static final Set<String> PASSED = Set.of("top_k", "metadata", "thinking", "service_tier");
    private static final Set<String> SYSTEM_ROLES = Set.of("system", "developer");
    private static final Set<String> UNTRANSLATED = Set.of("tools", "tool_choice", "functions", "function_call");

    private final JsonMapper json;
    private final int defaultMaxTokens;

    AnthropicRequestBody(JsonMapper json, int defaultMaxTokens) {
        this.json = json;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    byte[] write(CompletionRequest request, String model) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", request.getMaxTokens() != null ? request.getMaxTokens() : defaultMaxTokens);
        StringBuilder system = new StringBuilder();
        ArrayNode messages = json.createArrayNode();
        List<ChatMessage> input = request.getMessages();
        for (int i = 0; i < input.size(); i++) {
            ChatMessage message = input.get(i);
            String text = text(message, i);
            if (SYSTEM_ROLES.contains(message.getRole())) {
                system.append(system.isEmpty() ? "" : "\n\n").append(text);
            } else {
                append(messages, role(message, i), text);
            }
        }
        if (!system.isEmpty()) {
            body.put("system", system.toString());
        }
        body.set("messages", messages);
        if (request.getTemperature() != null) {
            body.put("temperature", request.getTemperature());
        }
        if (request.getTopP() != null) {
            body.put("top_p", request.getTopP());
        }
        if (!request.getStop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.getStop().forEach(stop::add);
        }
        extras(body, object(request.getExtraJson()));
        return json.writeValueAsBytes(body);
    }

    /** Appends a turn, merging it into the previous one when the role repeats. */
    private void append(ArrayNode messages, String role, String text) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last instanceof ObjectNode previous && role.equals(previous.path("role").stringValue())) {
            JsonNode content = previous.path("content");
            ArrayNode blocks;
            if (content instanceof ArrayNode array) {
                blocks = array;
            } else {
                blocks = json.createArrayNode();
                blocks.addObject().put("type", "text").put("text", content.stringValue());
                previous.set("content", blocks);
            }
            blocks.addObject().put("type", "text").put("text", text);
            return;
        }
        messages.addObject().put("role", role).put("content", text);
    }

    private static String role(ChatMessage message, int index) {
        return switch (message.getRole()) {
            case "user", "assistant" -> message.getRole();
            default -> throw new InvalidRequestException("messages[" + index + "] has role '" + message.getRole()
                    + "', which is not translated for Anthropic providers (only system, developer, user and"
                    + " assistant are)", null);
        };
    }

    private static String text(ChatMessage message, int index) {
        if (message.getExtraJson() != null && !message.getExtraJson().isBlank()
                && !"{}".equals(message.getExtraJson().strip())) {
            throw new InvalidRequestException("messages[" + index + "] carries tool calls or structured content,"
                    + " which are not translated for Anthropic providers", null);
        }
        if (message.getContent() == null || message.getContent().isEmpty()) {
            throw new InvalidRequestException("messages[" + index + "] has no text content; Anthropic refuses"
                    + " empty messages", null);
        }
        return message.getContent();
    }

    private static void extras(ObjectNode body, ObjectNode extra) {
        for (Map.Entry<String, JsonNode> field : extra.properties()) {
            if (UNTRANSLATED.contains(field.getKey())) {
                throw new InvalidRequestException("extra_json." + field.getKey() + " (OpenAI tool calling) is not"
                        + " translated for Anthropic providers", null);
            }
            if (PASSED.contains(field.getKey())) {
                body.set(field.getKey(), field.getValue());
            }
        }
        JsonNode user = extra.path("user");
        if (user.isString() && !body.path("metadata").has("user_id")) {
            ObjectNode metadata = body.has("metadata") && body.get("metadata") instanceof ObjectNode existing
                    ? existing : body.putObject("metadata");
            metadata.put("user_id", user.stringValue());
        }
    }

    private ObjectNode object(String text) {
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            if (json.readTree(text) instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            throw new InvalidRequestException("extra_json is not valid JSON: " + e.getOriginalMessage(), e);
        }
        throw new InvalidRequestException("extra_json must be a JSON object", null);
    }
}
