package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class StreamingTest {

    private static final String PROMPT = "Tell me a story about a relay that carried messages across the sea.";

    private MockProvider mock;
    private ChatClient client;

    @BeforeEach
    void start() {
        mock = MockProvider.start(MockBehaviour.healthy());
        client = new ChatClient(mock);
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void streamsChunksThatEndWithDoneAndConcatenateToTheNonStreamedReply() {
        HttpResponse<String> response = client.post(streaming(PROMPT, false).toString(), "Bearer k");
        String nonStreamed = ChatClient.parse(client.chat(PROMPT))
                .path("choices").get(0).path("message").path("content").stringValue();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> data = events(response.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(data);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").stringValue()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").stringValue()).isEqualTo(chunks.getFirst().path("id").stringValue());
            assertThat(chunk.has("usage")).isFalse();
        });
        assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("role").stringValue())
                .isEqualTo("assistant");
        assertThat(chunks.size()).as("role, several content pieces, finish").isGreaterThan(4);
        assertThat(content(chunks)).isEqualTo(nonStreamed);
        JsonNode last = chunks.getLast().path("choices").get(0);
        assertThat(last.path("finish_reason").stringValue()).isEqualTo("stop");
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.path("choices").get(0).path("finish_reason").isNull()).isTrue());
    }

    @Test
    void endsWithAUsageChunkWithoutChoicesWhenUsageIsRequested() {
        HttpResponse<String> response = client.post(streaming(PROMPT, true).toString(), "Bearer k");
        JsonNode nonStreamedUsage = ChatClient.parse(client.chat(PROMPT)).path("usage");

        List<JsonNode> chunks = chunks(events(response.body()));
        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage")).isEqualTo(nonStreamedUsage);
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.path("usage").isNull()).isTrue());
        assertThat(chunks.get(chunks.size() - 2).path("choices").get(0).path("finish_reason").stringValue())
                .isEqualTo("stop");
    }

    @Test
    void answersErrorsAsJsonNotAsAStream() {
        HttpResponse<String> response = client.post(streaming("hi [mock:status=429]", true).toString(), "Bearer k");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ChatClient.parse(response).path("error").path("code").stringValue())
                .isEqualTo("rate_limit_exceeded");
    }

    @Test
    void malformedStreamBreaksOffWithoutDone() {
        HttpResponse<String> response = client.post(streaming("hi [mock:malformed]", false).toString(), "Bearer k");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("data: {").doesNotContain("[DONE]");
        String lastEvent = response.body().substring(response.body().lastIndexOf("data: ") + "data: ".length());
        assertThat(lastEvent).doesNotEndWith("}\n\n");
    }

    private static ObjectNode streaming(String prompt, boolean includeUsage) {
        ObjectNode request = ChatClient.request(prompt);
        request.put("stream", true);
        if (includeUsage) {
            request.putObject("stream_options").put("include_usage", true);
        }
        return request;
    }

    /** The data of each event, checking the framing: every event is one "data: " line and a blank line. */
    private static List<String> events(String body) {
        assertThat(body).endsWith("\n\n");
        List<String> data = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            data.add(event.substring("data: ".length()));
        }
        return data;
    }

    private static List<JsonNode> chunks(List<String> data) {
        return data.subList(0, data.size() - 1).stream().map(ChatClient.JSON::readTree).toList();
    }

    private static String content(List<JsonNode> chunks) {
        return chunks.stream()
                .flatMap(chunk -> chunk.path("choices").valueStream())
                .map(choice -> choice.path("delta").path("content").asString(""))
                .collect(Collectors.joining());
    }
}
