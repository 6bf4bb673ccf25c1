package io.llmrelay.worker.provider.openai;

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
 * Writes a {@link CompletionRequest} as an OpenAI {@code /v1/chat/completions} body (Azure OpenAI takes the same). Typed parameters come
 * first; {@code extra_json} fields (tools, response_format, seed, ...) are merged in after them, except
 * those the worker owns: the model, the messages and streaming (this version always asks for one
 * non-streamed completion).
 */
public final class OpenAiRequestBody {

    private static final Set<String> OWNED_BY_WORKER = Set.of("model", "messages", "stream", "stream_options");

    private final JsonMapper json;

    public OpenAiRequestBody(JsonMapper json) {
        this.json = json;
    }

    /** @param model the target's model, which may differ from the one the client asked for */
    public byte[] write(CompletionRequest request, String model) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        request.getMessages().forEach(message -> messages.add(message(message)));
        putIfSet(body, "temperature", request.getTemperature());
        putIfSet(body, "top_p", request.getTopP());
        putIfSet(body, "max_tokens", request.getMaxTokens());
        if (!request.getStop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.getStop().forEach(stop::add);
        }
        for (Map.Entry<String, JsonNode> extra : object(request.getExtraJson(), "extra_json").properties()) {
            if (!OWNED_BY_WORKER.contains(extra.getKey())) {
                body.set(extra.getKey(), extra.getValue());
            }
        }
        body.put("stream", false);
        return json.writeValueAsBytes(body);
    }

    private ObjectNode message(ChatMessage message) {
        ObjectNode node = json.createObjectNode();
        node.put("role", message.getRole());
        if (message.getContent() != null) {
            node.put("content", message.getContent());
        }
        if (message.getName() != null) {
            node.put("name", message.getName());
        }
        // tool_calls, tool_call_id, structured content parts: passed through as the caller wrote them
        object(message.getExtraJson(), "messages[].extra_json").properties()
                .forEach(extra -> node.set(extra.getKey(), extra.getValue()));
        return node;
    }

    private ObjectNode object(String text, String field) {
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            if (json.readTree(text) instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            throw new InvalidRequestException(field + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        throw new InvalidRequestException(field + " must be a JSON object", null);
    }

    private static void putIfSet(ObjectNode body, String name, Double value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private static void putIfSet(ObjectNode body, String name, Integer value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
