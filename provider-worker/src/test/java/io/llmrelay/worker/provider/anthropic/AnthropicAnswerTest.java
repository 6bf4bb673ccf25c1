package io.llmrelay.worker.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.provider.AttemptResult.Completion;
import io.llmrelay.worker.provider.ParsedAnswer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AnthropicAnswerTest {

    private final AnthropicAnswer answer = new AnthropicAnswer(JsonMapper.builder().build());

    @Test
    void joinsTheTextBlocksAndCountsCachedInputIntoThePrompt() {
        Completion completion = parse("""
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"text","text":"Hello, "},{"type":"tool_use","id":"t","name":"f","input":{}},
                            {"type":"text","text":"world"}],
                 "stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":100,
                          "output_tokens":7}}""").completion();

        assertThat(completion.responseId()).isEqualTo("msg_01");
        assertThat(completion.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(completion.content()).isEqualTo("Hello, world");
        assertThat(completion.finishReason()).isEqualTo("stop");
        assertThat(completion.usage()).isEqualTo(new TokenUsage(115, 7, 100));
    }

    @Test
    void aToolUseOnlyAnswerHasNoTextAndFinishesWithToolCalls() {
        Completion completion = parse("""
                {"id":"msg_02","model":"m","content":[{"type":"tool_use","id":"t","name":"f","input":{}}],
                 "stop_reason":"tool_use","usage":{"input_tokens":3,"output_tokens":4}}""").completion();

        assertThat(completion.content()).isNull();
        assertThat(completion.finishReason()).isEqualTo("tool_calls");
        assertThat(completion.usage()).isEqualTo(new TokenUsage(3, 4, 0));
    }

    @Test
    void stopReasonsMapToOpenAisFinishReasons() {
        assertThat(AnthropicAnswer.finishReason("end_turn")).isEqualTo("stop");
        assertThat(AnthropicAnswer.finishReason("stop_sequence")).isEqualTo("stop");
        assertThat(AnthropicAnswer.finishReason("max_tokens")).isEqualTo("length");
        assertThat(AnthropicAnswer.finishReason("tool_use")).isEqualTo("tool_calls");
        assertThat(AnthropicAnswer.finishReason("refusal")).isEqualTo("content_filter");
        assertThat(AnthropicAnswer.finishReason(null)).isNull();
    }

    @Test
    void aBodyWithoutUsageOrContentIsUnusable() {
        assertThat(parse("{\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}").problem()).isEqualTo("no token usage");
        assertThat(parse("{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}").problem()).isEqualTo("no content");
        assertThat(parse("{\"content\": [").problem()).startsWith("not JSON");
    }

    private ParsedAnswer parse(String body) {
        return answer.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
