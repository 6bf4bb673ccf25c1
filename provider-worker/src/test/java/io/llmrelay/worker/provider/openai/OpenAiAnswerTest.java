package io.llmrelay.worker.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.provider.AttemptResult.Completion;
import io.llmrelay.worker.provider.ParsedAnswer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OpenAiAnswerTest {

    private final OpenAiAnswer answer = new OpenAiAnswer(JsonMapper.builder().build());

    @Test
    void readsTheFirstChoiceAndTheUsageWithCachedTokens() {
        String body = """
                {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini-2024-07-18",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello"}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 1200, "completion_tokens": 5, "total_tokens": 1205,
                           "prompt_tokens_details": {"cached_tokens": 1024}}}
                """;

        ParsedAnswer parsed = answer.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.completion()).isEqualTo(new Completion("chatcmpl-1", "gpt-4o-mini-2024-07-18", "Hello", "stop",
                new TokenUsage(1200, 5, 1024)));
    }

    @Test
    void cachedTokensDefaultToZeroAndToolCallAnswersHaveNoContent() {
        String body = """
                {"id": "chatcmpl-2", "model": "gpt-4o",
                 "choices": [{"message": {"role": "assistant", "content": null, "tool_calls": []}, "finish_reason": "tool_calls"}],
                 "usage": {"prompt_tokens": 10, "completion_tokens": 20}}
                """;

        Completion completion = answer.parse(body.getBytes(StandardCharsets.UTF_8)).completion();

        assertThat(completion.content()).isNull();
        assertThat(completion.finishReason()).isEqualTo("tool_calls");
        assertThat(completion.usage()).isEqualTo(new TokenUsage(10, 20, 0));
    }

    @Test
    void anAnswerWithoutUsageOrChoicesOrJsonIsUnusable() {
        assertThat(answer.parse("{\"choices\":[{\"message\":{\"content\":\"x\"}}]}".getBytes(StandardCharsets.UTF_8))
                .problem()).isEqualTo("no token usage");
        assertThat(answer.parse("{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}"
                .getBytes(StandardCharsets.UTF_8)).problem()).isEqualTo("no choices");
        assertThat(answer.parse("{\"id\": \"chatcmpl-3\", \"choi".getBytes(StandardCharsets.UTF_8)).problem())
                .startsWith("not JSON");
    }
}
