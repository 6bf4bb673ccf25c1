package io.llmrelay.worker.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.provider.InvalidRequestException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AnthropicRequestBodyTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final AnthropicRequestBody body = new AnthropicRequestBody(json, 1024);

    @Test
    void systemMessagesGoToTheTopLevelAndConsecutiveTurnsOfOneRoleAreMerged() {
        JsonNode written = write(request(message("system", "be brief"), message("user", "hi"),
                message("developer", "use metric units"), message("user", "how far is it?"),
                message("assistant", "12 km"), message("user", "thanks")).build());

        assertThat(written.path("model").stringValue()).isEqualTo("claude-haiku-4-5");
        assertThat(written.path("system").stringValue()).isEqualTo("be brief\n\nuse metric units");
        assertThat(written.path("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"hi\"},{\"type\":\"text\",\"text\":\"how far is it?\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"12 km\"},{\"role\":\"user\",\"content\":\"thanks\"}]");
    }

    @Test
    void maxTokensIsTheRequestsOrTheDefaultAndTheSamplingParametersAreMapped() {
        JsonNode defaulted = write(request(message("user", "hi")).build());
        assertThat(defaulted.path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(defaulted.has("system")).isFalse();
        assertThat(defaulted.has("temperature")).isFalse();

        JsonNode set = write(request(message("user", "hi")).setMaxTokens(64).setTemperature(0.3).setTopP(0.9)
                .setStop(List.of("END", "STOP")).build());
        assertThat(set.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(set.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(set.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(set.path("stop_sequences").toString()).isEqualTo("[\"END\",\"STOP\"]");
        assertThat(set.has("stop")).isFalse();
    }

    @Test
    void anthropicsOwnExtrasPassTheUserBecomesMetadataAndOpenAiOnlyExtrasAreLeftOut() {
        JsonNode written = write(request(message("user", "hi"))
                .setExtraJson("{\"top_k\":5,\"seed\":7,\"response_format\":{\"type\":\"json_object\"},\"user\":\"u-1\","
                        + "\"model\":\"x\",\"max_tokens\":3}")
                .build());

        assertThat(written.path("top_k").asInt()).isEqualTo(5);
        assertThat(written.path("metadata").path("user_id").stringValue()).isEqualTo("u-1");
        assertThat(written.has("seed")).isFalse();
        assertThat(written.has("response_format")).isFalse();
        assertThat(written.path("model").stringValue()).isEqualTo("claude-haiku-4-5");
        assertThat(written.path("max_tokens").asInt()).isEqualTo(1024);
    }

    @Test
    void refusesWhatItCannotTranslateRatherThanSendingItHalfConverted() {
        assertThatThrownBy(() -> write(request(message("user", "hi"), message("tool", "42")).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("messages[1] has role 'tool'");
        assertThatThrownBy(() -> write(request(ChatMessage.newBuilder().setRole("assistant")
                .setExtraJson("{\"tool_calls\":[]}").build()).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("tool calls");
        assertThatThrownBy(() -> write(request(message("user", "hi")).setExtraJson("{\"tools\":[]}").build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("extra_json.tools");
        assertThatThrownBy(() -> write(request(message("user", "")).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no text content");
    }

    private JsonNode write(CompletionRequest request) {
        return json.readTree(body.write(request, "claude-haiku-4-5"));
    }

    private static ChatMessage message(String role, String content) {
        return ChatMessage.newBuilder().setRole(role).setContent(content).build();
    }

    private static CompletionRequest.Builder request(ChatMessage... messages) {
        return CompletionRequest.newBuilder()
                .setRequestId("00000000-0000-0000-0000-000000000001")
                .setUserId("user-1")
                .setModel("fast")
                .setMessages(List.of(messages))
                .setCreatedAt(Instant.parse("2026-11-26T12:00:00Z"))
                .setDeadline(Instant.parse("2026-11-26T12:01:00Z"));
    }
}
