package io.llmrelay.ingest.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * OpenAI's response bodies as far as the relay fills them. Fields the SDKs treat as required but nullable
 * ({@code logprobs}, {@code refusal}, {@code finish_reason} of a chunk) are written even when null.
 */
final class WireFormat {

    private WireFormat() {
    }

    record ChatCompletion(String id, String object, long created, String model, List<Choice> choices,
                          Usage usage) {

        ChatCompletion(String id, long created, String model, Choice choice, Usage usage) {
            this(id, "chat.completion", created, model, List.of(choice), usage);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Choice(int index, Message message, String finishReason, Object logprobs) {
    }

    record Message(String role, String content, String refusal) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Usage(int promptTokens, int completionTokens, int totalTokens, PromptTokensDetails promptTokensDetails) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PromptTokensDetails(int cachedTokens) {
    }

    record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

        Chunk(String id, long created, String model, List<ChunkChoice> choices, Usage usage) {
            this(id, "chat.completion.chunk", created, model, choices, usage);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChunkChoice(int index, Delta delta, String finishReason, Object logprobs) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String role, String content) {
    }

    record ModelList(String object, List<Model> data) {

        ModelList(List<Model> data) {
            this("list", data);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Model(String id, String object, long created, String ownedBy) {

        Model(String id, long created) {
            this(id, "model", created, "llm-relay");
        }
    }
}
