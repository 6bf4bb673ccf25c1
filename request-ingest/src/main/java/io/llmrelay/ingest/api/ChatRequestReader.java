package io.llmrelay.ingest.api;

import static io.llmrelay.ingest.api.RequestFields.absent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmrelay.ingest.auth.Caller;
import io.llmrelay.schemas.CompletionRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates an OpenAI chat completion request body and turns it into a {@link CompletionRequest}.
 *
 * <p>The parameters the contract has fields for are checked here and mapped; every other top-level field
 * ({@code tools}, {@code response_format}, {@code seed}, {@code user}, ...) is passed through untouched in
 * {@code extra_json} for the provider to judge. {@code stream_options} is consumed here: the relay renders the
 * stream itself. Only {@code n = 1} is supported, as the result carries one choice.
 */
final class ChatRequestReader {

    private static final Set<String> MAPPED_FIELDS = Set.of("model", "messages", "temperature", "top_p",
            "max_tokens", "max_completion_tokens", "stop", "stream", "stream_options", "n");

    private final JsonMapper json;
    private final MessageReader messages;

    ChatRequestReader(JsonMapper json) {
        this.json = json;
        this.messages = new MessageReader(json);
    }

    /** A validated request, and how to render its answer. */
    record ChatRequest(CompletionRequest request, boolean includeUsageInStream) {
    }

    ChatRequest read(JsonNode body, Caller caller, RequestEnvelope envelope) {
        if (!body.isObject()) {
            throw ApiException.invalid(null, "invalid_type", "Invalid type for the request body: expected a JSON "
                    + "object, but got " + RequestFields.describe(body) + " instead.");
        }
        boolean stream = RequestFields.optionalBoolean(body.get("stream"), "stream");
        CompletionRequest request = CompletionRequest.newBuilder()
                .setRequestId(envelope.requestId())
                .setUserId(caller.userId())
                .setTeamId(caller.teamId())
                .setKeyId(caller.keyId())
                .setModel(RequestFields.requiredString(body.get("model"), "model"))
                .setMessages(messages.read(body.get("messages")))
                .setTemperature(RequestFields.optionalNumber(body.get("temperature"), "temperature", 0, 2))
                .setTopP(RequestFields.optionalNumber(body.get("top_p"), "top_p", 0, 1))
                .setMaxTokens(maxTokens(body))
                .setStop(stop(body.get("stop")))
                .setStream(stream)
                .setExtraJson(extraJson(body))
                .setCreatedAt(envelope.createdAt())
                .setDeadline(envelope.deadline())
                .setReplyTo(envelope.replyTo())
                .setMetadata(envelope.metadata())
                .build();
        requireSingleChoice(body.get("n"));
        return new ChatRequest(request, includeUsage(body.get("stream_options"), stream));
    }

    /** {@code max_completion_tokens} replaced {@code max_tokens} in OpenAI's API; either is accepted. */
    private static Integer maxTokens(JsonNode body) {
        Integer legacy = RequestFields.optionalInteger(body.get("max_tokens"), "max_tokens", 1);
        Integer current = RequestFields.optionalInteger(body.get("max_completion_tokens"), "max_completion_tokens", 1);
        return current != null ? current : legacy;
    }

    private static List<String> stop(JsonNode stop) {
        if (absent(stop)) {
            return List.of();
        }
        if (stop.isString()) {
            return List.of(stop.stringValue());
        }
        if (!stop.isArray()) {
            throw RequestFields.invalidType("stop", "a string or an array of strings", stop);
        }
        List<String> sequences = new ArrayList<>(stop.size());
        for (int i = 0; i < stop.size(); i++) {
            JsonNode sequence = stop.get(i);
            if (!sequence.isString()) {
                throw RequestFields.invalidType("stop[" + i + "]", "a string", sequence);
            }
            sequences.add(sequence.stringValue());
        }
        return sequences;
    }

    private static void requireSingleChoice(JsonNode n) {
        Integer choices = RequestFields.optionalInteger(n, "n", 1);
        if (choices != null && choices != 1) {
            throw ApiException.invalid("n", "unsupported_value", "Invalid 'n': this relay returns one choice per "
                    + "request, so only n=1 is supported, but got " + choices + " instead.");
        }
    }

    private static boolean includeUsage(JsonNode options, boolean stream) {
        if (absent(options)) {
            return false;
        }
        if (!stream) {
            throw ApiException.invalid("stream_options", "invalid_value",
                    "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        }
        if (!options.isObject()) {
            throw RequestFields.invalidType("stream_options", "an object", options);
        }
        return RequestFields.optionalBoolean(options.get("include_usage"), "stream_options.include_usage");
    }

    private String extraJson(JsonNode body) {
        ObjectNode extra = json.createObjectNode();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!MAPPED_FIELDS.contains(field.getKey())) {
                extra.set(field.getKey(), field.getValue());
            }
        }
        return extra.isEmpty() ? null : json.writeValueAsString(extra);
    }
}
