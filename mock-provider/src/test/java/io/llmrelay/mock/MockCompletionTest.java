package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class MockCompletionTest {

    @Test
    void countsFourCharactersPerTokenRoundedUpPlusThreePerMessage() {
        ChatRequest request = request(OptionalInt.empty(),
                new ChatMessage("system", "12345"), // 2 + 3
                new ChatMessage("user", "1234"), // 1 + 3
                new ChatMessage("assistant", ""), // 0 + 3
                new ChatMessage("user", "hello")); // 2 + 3

        MockCompletion completion = MockCompletion.answer(request, "chatcmpl-x", 0);

        assertThat(completion.promptTokens()).isEqualTo(17);
        assertThat(completion.content()).isEqualTo("Mock reply to: hello"); // 20 characters
        assertThat(completion.completionTokens()).isEqualTo(5);
        assertThat(completion.totalTokens()).isEqualTo(22);
        assertThat(completion.finishReason()).isEqualTo("stop");
    }

    @Test
    void echoesTheFirst64CharactersOfTheLastUserMessage() {
        String longPrompt = "x".repeat(64) + "NOT ECHOED";
        ChatRequest request = request(OptionalInt.empty(),
                new ChatMessage("user", "an earlier question"),
                new ChatMessage("assistant", "an answer"),
                new ChatMessage("user", longPrompt));

        assertThat(MockCompletion.answer(request, "chatcmpl-x", 0).content()).isEqualTo("Mock reply to: " + "x".repeat(64));
    }

    @Test
    void truncatesToFourCharactersPerMaxTokenWithFinishReasonLength() {
        MockCompletion completion = MockCompletion.answer(
                request(OptionalInt.of(2), new ChatMessage("user", "hello")), "chatcmpl-x", 0);

        assertThat(completion.content()).isEqualTo("Mock rep");
        assertThat(completion.completionTokens()).isEqualTo(2);
        assertThat(completion.finishReason()).isEqualTo("length");
    }

    @Test
    void aMaxTokensLargeEnoughLeavesTheReplyWhole() {
        // "Mock reply to: hello" is 20 characters, exactly 5 tokens
        MockCompletion completion = MockCompletion.answer(
                request(OptionalInt.of(5), new ChatMessage("user", "hello")), "chatcmpl-x", 0);

        assertThat(completion.content()).isEqualTo("Mock reply to: hello");
        assertThat(completion.finishReason()).isEqualTo("stop");
    }

    private static ChatRequest request(OptionalInt maxTokens, ChatMessage... messages) {
        return new ChatRequest("gpt-4o-mini", List.of(messages), maxTokens, false, false);
    }
}
