package io.llmrelay.ingest.api;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a finished completion as OpenAI's server-sent events: a role chunk, the content, a finish chunk, a usage
 * chunk when asked for, then {@code [DONE]}.
 *
 * <p>"Buffered streaming": workers deliver a complete result, so the events are written only once it has arrived.
 * Clients that stream work unchanged, but see the whole answer at once rather than token by token.
 */
final class EventStream {

    private final JsonMapper json;

    EventStream(JsonMapper json) {
        this.json = json;
    }

    String render(WireFormat.ChatCompletion completion, boolean includeUsage) {
        WireFormat.Choice choice = completion.choices().getFirst();
        StringBuilder events = new StringBuilder();
        event(events, chunk(completion, new WireFormat.Delta("assistant", ""), null));
        String content = choice.message().content();
        if (content != null && !content.isEmpty()) {
            event(events, chunk(completion, new WireFormat.Delta(null, content), null));
        }
        event(events, chunk(completion, new WireFormat.Delta(null, null), choice.finishReason()));
        if (includeUsage && completion.usage() != null) {
            event(events, new WireFormat.Chunk(completion.id(), completion.created(), completion.model(), List.of(),
                    completion.usage()));
        }
        return events.append("data: [DONE]\n\n").toString();
    }

    private static WireFormat.Chunk chunk(WireFormat.ChatCompletion completion, WireFormat.Delta delta,
                                          String finishReason) {
        return new WireFormat.Chunk(completion.id(), completion.created(), completion.model(),
                List.of(new WireFormat.ChunkChoice(0, delta, finishReason, null)), null);
    }

    private void event(StringBuilder events, WireFormat.Chunk chunk) {
        events.append("data: ").append(json.writeValueAsString(chunk)).append("\n\n");
    }
}
