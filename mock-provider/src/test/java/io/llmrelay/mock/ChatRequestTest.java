package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class ChatRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsTextFromContentPartsAndStreamingOptions() throws RejectedRequest {
        ChatRequest request = parse("""
                {"model": "gpt-4o", "stream": true, "stream_options": {"include_usage": true},
                 "max_completion_tokens": 7, "temperature": 0.2,
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Hello "},
                                                           {"type": "image_url", "image_url": {"url": "x"}},
                                                           {"type": "text", "text": "world"}]},
                              {"role": "assistant", "content": null, "tool_calls": []}]}""");

        assertThat(request.model()).isEqualTo("gpt-4o");
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.maxTokens()).hasValue(7);
        assertThat(request.messages()).containsExactly(
                new ChatMessage("user", "Hello world"), new ChatMessage("assistant", ""));
        assertThat(request.lastUserContent()).isEqualTo("Hello world");
    }

    @Test
    void rejectsBodiesThatAreNotAJsonObject() {
        for (String body : new String[] {"", "[]", "\"text\"", "{\"model\": "}) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOfSatisfying(RejectedRequest.class,
                    e -> assertThat(e.error().message()).contains("could not parse the JSON body"));
        }
    }

    @Test
    void rejectsEmptyMessagesAndMessagesWithoutRole() {
        assertThatThrownBy(() -> parse("{\"model\": \"m\", \"messages\": []}"))
                .isInstanceOfSatisfying(RejectedRequest.class,
                        e -> assertThat(e.error().code()).isEqualTo("empty_array"));
        assertThatThrownBy(() -> parse("{\"model\": \"m\", \"messages\": [{\"content\": \"hi\"}]}"))
                .isInstanceOfSatisfying(RejectedRequest.class,
                        e -> assertThat(e.error().param()).isEqualTo("messages[0].role"));
    }

    @Test
    void rejectsAMaxTokensBelowOne() {
        assertThatThrownBy(() -> parse("{\"model\": \"m\", \"max_tokens\": 0, \"messages\": [{\"role\": \"user\"}]}"))
                .isInstanceOfSatisfying(RejectedRequest.class,
                        e -> assertThat(e.error().param()).isEqualTo("max_tokens"));
    }

    private static ChatRequest parse(String body) throws RejectedRequest {
        return ChatRequest.parse(body.getBytes(StandardCharsets.UTF_8), JSON);
    }
}
