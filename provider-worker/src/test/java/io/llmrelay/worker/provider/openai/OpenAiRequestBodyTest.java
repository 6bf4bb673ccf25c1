package io.llmrelay.worker.provider.openai;

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

class OpenAiRequestBodyTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final OpenAiRequestBody body = new OpenAiRequestBody(json);

    @Test
    void writesTheTypedParametersAndAlwaysAsksForANonStreamedCompletion() {
        CompletionRequest request = request().setTemperature(0.2).setTopP(0.9).setMaxTokens(64)
                .setStop(List.of("END")).setStream(true).build();

        JsonNode written = json.readTree(body.write(request, "gpt-4o-mini"));

        assertThat(written.path("model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(written.path("messages").toString())
                .isEqualTo("[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\",\"name\":\"ann\"}]");
        assertThat(written.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(written.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(written.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(written.path("stop").toString()).isEqualTo("[\"END\"]");
        assertThat(written.path("stream").asBoolean()).isFalse();
    }

    @Test
    void sendsTheTargetsModelNotTheRequestedOne() {
        JsonNode written = json.readTree(body.write(request().setModel("fast").build(), "gpt-4.1-nano"));

        assertThat(written.path("model").stringValue()).isEqualTo("gpt-4.1-nano");
    }

    @Test
    void leavesOutParametersThatAreNotSet() {
        JsonNode written = json.readTree(body.write(request().build(), "gpt-4o-mini"));

        assertThat(written.has("temperature")).isFalse();
        assertThat(written.has("top_p")).isFalse();
        assertThat(written.has("max_tokens")).isFalse();
        assertThat(written.has("stop")).isFalse();
    }

    @Test
    void mergesExtraParametersButNotThoseTheWorkerOwns() {
        CompletionRequest request = request()
                .setExtraJson("{\"seed\":7,\"response_format\":{\"type\":\"json_object\"},\"stream\":true,\"model\":\"x\"}")
                .build();

        JsonNode written = json.readTree(body.write(request, "gpt-4o-mini"));

        assertThat(written.path("seed").asInt()).isEqualTo(7);
        assertThat(written.path("response_format").path("type").stringValue()).isEqualTo("json_object");
        assertThat(written.path("stream").asBoolean()).isFalse();
        assertThat(written.path("model").stringValue()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void passesMessageExtrasThroughForToolCalls() {
        CompletionRequest request = request().setMessages(List.of(ChatMessage.newBuilder().setRole("tool")
                .setContent("42").setExtraJson("{\"tool_call_id\":\"call_1\"}").build())).build();

        JsonNode written = json.readTree(body.write(request, "gpt-4o-mini"));

        assertThat(written.path("messages").path(0).path("tool_call_id").stringValue()).isEqualTo("call_1");
    }

    @Test
    void refusesExtraJsonThatIsNotAJsonObject() {
        assertThatThrownBy(() -> body.write(request().setExtraJson("{not json").build(), "gpt-4o-mini"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("extra_json is not valid JSON");
        assertThatThrownBy(() -> body.write(request().setExtraJson("[1]").build(), "gpt-4o-mini"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("must be a JSON object");
    }

    static CompletionRequest.Builder request() {
        return CompletionRequest.newBuilder()
                .setRequestId("00000000-0000-0000-0000-000000000001")
                .setUserId("user-1")
                .setModel("gpt-4o-mini")
                .setMessages(List.of(
                        ChatMessage.newBuilder().setRole("system").setContent("be brief").build(),
                        ChatMessage.newBuilder().setRole("user").setContent("hi").setName("ann").build()))
                .setCreatedAt(Instant.parse("2026-11-26T12:00:00Z"))
                .setDeadline(Instant.parse("2026-11-26T12:01:00Z"));
    }
}
