package io.llmrelay.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.llmrelay.ingest.auth.Caller;
import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.ReplyRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ChatRequestReaderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Caller CALLER = new Caller("key-1", "user-1", "team-1");
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final RequestEnvelope ENVELOPE = new RequestEnvelope("3c2d6f0e-0000-4000-8000-000000000001", NOW,
            NOW.plusSeconds(60), new ReplyRoute(3, "ingest-3"), Map.of("source", "request-ingest"));

    private final ChatRequestReader reader = new ChatRequestReader(JSON);

    @Test
    void mapsModelMessagesAndSamplingParameters() {
        CompletionRequest request = read("""
                {"model":"gpt-4o-mini","temperature":0.2,"top_p":0.9,"max_tokens":256,"stop":"END",
                 "messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi","name":"ann"}]}
                """).request();

        assertThat(request.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(request.getTemperature()).isEqualTo(0.2);
        assertThat(request.getTopP()).isEqualTo(0.9);
        assertThat(request.getMaxTokens()).isEqualTo(256);
        assertThat(request.getStop()).containsExactly("END");
        assertThat(request.getStream()).isFalse();
        assertThat(request.getMessages()).extracting(ChatMessage::getRole, ChatMessage::getContent, ChatMessage::getName)
                .containsExactly(tuple("system", "be brief", null),
                        tuple("user", "hi", "ann"));
        assertThat(request.getMessages()).allSatisfy(m -> assertThat(m.getExtraJson()).isNull());
        assertThat(request.getExtraJson()).isNull();
    }

    @Test
    void takesIdentityFromTheCallerAndIdsDeadlineAndReplyRouteFromTheEnvelope() {
        CompletionRequest request = read(minimal("")).request();

        assertThat(request.getUserId()).isEqualTo("user-1");
        assertThat(request.getTeamId()).isEqualTo("team-1");
        assertThat(request.getKeyId()).isEqualTo("key-1");
        assertThat(request.getRequestId()).isEqualTo(ENVELOPE.requestId());
        assertThat(request.getCreatedAt()).isEqualTo(NOW);
        assertThat(request.getDeadline()).isEqualTo(NOW.plusSeconds(60));
        assertThat(request.getReplyTo()).isEqualTo(new ReplyRoute(3, "ingest-3"));
        assertThat(request.getMetadata()).containsEntry("source", "request-ingest");
    }

    @Test
    void joinsTextPartsOfArrayContentAndKeepsNonTextPartsInExtraJson() {
        List<ChatMessage> messages = read("""
                {"model":"gpt-4o","messages":[
                  {"role":"user","content":[{"type":"text","text":"first"},{"type":"text","text":"second"}]},
                  {"role":"user","content":[{"type":"text","text":"look:"},
                                            {"type":"image_url","image_url":{"url":"https://x/cat.png"}}]}]}
                """).request().getMessages();

        assertThat(messages.get(0).getContent()).isEqualTo("first\nsecond");
        assertThat(messages.get(0).getExtraJson()).isNull();
        assertThat(messages.get(1).getContent()).isEqualTo("look:");
        JsonNode extra = JSON.readTree(messages.get(1).getExtraJson());
        assertThat(extra.path("content").get(1).path("image_url").path("url").stringValue())
                .isEqualTo("https://x/cat.png");
    }

    @Test
    void keepsToolCallFieldsOfMessagesInExtraJson() {
        List<ChatMessage> messages = read("""
                {"model":"gpt-4o","messages":[
                  {"role":"user","content":"weather?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"sunny"}]}
                """).request().getMessages();

        assertThat(messages.get(1).getContent()).isNull();
        assertThat(JSON.readTree(messages.get(1).getExtraJson()).path("tool_calls").get(0).path("id").stringValue())
                .isEqualTo("call_1");
        assertThat(JSON.readTree(messages.get(2).getExtraJson()).path("tool_call_id").stringValue())
                .isEqualTo("call_1");
        assertThat(messages.get(2).getContent()).isEqualTo("sunny");
    }

    @ParameterizedTest
    @MethodSource
    void acceptsStopAsStringOrArray(String stop, List<String> expected) {
        assertThat(read(minimal(",\"stop\":" + stop)).request().getStop()).isEqualTo(expected);
    }

    static Stream<Arguments> acceptsStopAsStringOrArray() {
        return Stream.of(
                Arguments.of("\"END\"", List.of("END")),
                Arguments.of("[\"a\",\"b\"]", List.of("a", "b")),
                Arguments.of("null", List.of()));
    }

    @Test
    void prefersMaxCompletionTokensOverMaxTokens() {
        assertThat(read(minimal(",\"max_tokens\":10,\"max_completion_tokens\":20")).request().getMaxTokens())
                .isEqualTo(20);
        assertThat(read(minimal(",\"max_completion_tokens\":30")).request().getMaxTokens()).isEqualTo(30);
    }

    @Test
    void passesEveryOtherTopLevelFieldThroughAsExtraJson() {
        CompletionRequest request = read(minimal("""
                ,"seed":7,"user":"end-user-9","response_format":{"type":"json_object"},
                 "tools":[{"type":"function","function":{"name":"f"}}],"temperature":1,"n":1,"stream":false
                """)).request();

        JsonNode extra = JSON.readTree(request.getExtraJson());
        assertThat(extra.propertyNames()).containsExactlyInAnyOrder("seed", "user", "response_format", "tools");
        assertThat(extra.path("seed").intValue()).isEqualTo(7);
        assertThat(extra.path("response_format").path("type").stringValue()).isEqualTo("json_object");
    }

    @Test
    void readsStreamAndIncludeUsage() {
        ChatRequestReader.ChatRequest chat = read(minimal(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        assertThat(chat.request().getStream()).isTrue();
        assertThat(chat.includeUsageInStream()).isTrue();
        assertThat(chat.request().getExtraJson()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refusesInvalidRequestsNamingTheParameter(String body, String param, String code) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    ErrorBody.Standard error = (ErrorBody.Standard) e.body().error();
                    assertThat(error.type()).isEqualTo("invalid_request_error");
                    assertThat(error.param()).isEqualTo(param);
                    assertThat(error.code()).isEqualTo(code);
                    assertThat(error.message()).isNotBlank();
                });
    }

    static Stream<Arguments> refusesInvalidRequestsNamingTheParameter() {
        String messages = ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        return Stream.of(
                Arguments.of("[1,2]", null, "invalid_type"),
                Arguments.of("{" + messages.substring(1) + "}", "model", "missing_required_parameter"),
                Arguments.of("{\"model\":\"\"" + messages + "}", "model", "empty_string"),
                Arguments.of("{\"model\":42" + messages + "}", "model", "invalid_type"),
                Arguments.of("{\"model\":\"m\"}", "messages", "missing_required_parameter"),
                Arguments.of("{\"model\":\"m\",\"messages\":\"hi\"}", "messages", "invalid_type"),
                Arguments.of("{\"model\":\"m\",\"messages\":[]}", "messages", "empty_array"),
                Arguments.of("{\"model\":\"m\",\"messages\":[\"hi\"]}", "messages[0]", "invalid_type"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"content\":\"hi\"}]}", "messages[0].role",
                        "missing_required_parameter"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}",
                        "messages[0].role", "invalid_value"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}", "messages[0].content",
                        "missing_required_parameter"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":7}]}",
                        "messages[0].content", "invalid_type"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                        "messages[0].content[0].text", "missing_required_parameter"),
                Arguments.of(minimal(",\"temperature\":\"hot\""), "temperature", "invalid_type"),
                Arguments.of(minimal(",\"temperature\":2.5"), "temperature", "decimal_above_max_value"),
                Arguments.of(minimal(",\"temperature\":-0.1"), "temperature", "decimal_below_min_value"),
                Arguments.of(minimal(",\"top_p\":1.5"), "top_p", "decimal_above_max_value"),
                Arguments.of(minimal(",\"max_tokens\":0"), "max_tokens", "integer_below_min_value"),
                Arguments.of(minimal(",\"max_tokens\":1.5"), "max_tokens", "invalid_type"),
                Arguments.of(minimal(",\"max_completion_tokens\":99999999999"), "max_completion_tokens",
                        "integer_out_of_range"),
                Arguments.of(minimal(",\"n\":2"), "n", "unsupported_value"),
                Arguments.of(minimal(",\"stop\":5"), "stop", "invalid_type"),
                Arguments.of(minimal(",\"stop\":[\"a\",1]"), "stop[1]", "invalid_type"),
                Arguments.of(minimal(",\"stream\":\"yes\""), "stream", "invalid_type"),
                Arguments.of(minimal(",\"stream_options\":{\"include_usage\":true}"), "stream_options",
                        "invalid_value"));
    }

    private ChatRequestReader.ChatRequest read(String body) {
        return reader.read(JSON.readTree(body), CALLER, ENVELOPE);
    }

    private static String minimal(String more) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + more + "}";
    }
}
