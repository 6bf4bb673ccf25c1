package io.llmrelay.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    private static final TokenEstimator estimator = new TokenEstimator(1024);

    @Test
    void choosesO200kForGpt4oGpt41AndTheOSeriesAndCl100kOtherwise() {
        assertThat(TokenEstimator.usesO200k("gpt-4o-mini")).isTrue();
        assertThat(TokenEstimator.usesO200k("gpt-4o-2024-08-06")).isTrue();
        assertThat(TokenEstimator.usesO200k("gpt-4.1-nano")).isTrue();
        assertThat(TokenEstimator.usesO200k("o3-mini")).isTrue();
        assertThat(TokenEstimator.usesO200k("o1")).isTrue();
        assertThat(TokenEstimator.usesO200k("ft:gpt-4o-mini:acme::abc")).isTrue();
        assertThat(TokenEstimator.usesO200k("gpt-4-turbo")).isFalse();
        assertThat(TokenEstimator.usesO200k("gpt-3.5-turbo")).isFalse();
        assertThat(TokenEstimator.usesO200k("claude-3-5-sonnet")).isFalse();
        assertThat(TokenEstimator.usesO200k("omni-model")).isFalse();
        assertThat(estimator.encodingFor("gpt-4o").getName()).isEqualTo("o200k_base");
        assertThat(estimator.encodingFor("gpt-4").getName()).isEqualTo("cl100k_base");
    }

    @Test
    void countsContentRoleAndNamePlusTheFramingOfEachMessageAndOfTheReply() {
        // "Hello world" and "user" are 2 and 1 tokens in both encodings
        CompletionRequest one = request(null, message("user", "Hello world", null));
        assertThat(estimator.promptTokens("gpt-4", one)).isEqualTo(3 + 1 + 2 + 3);
        assertThat(estimator.promptTokens("gpt-4o", one)).isEqualTo(3 + 1 + 2 + 3);

        CompletionRequest named = request(null, message("user", "Hello world", "alice"),
                message("assistant", "Hello world", null));
        long alice = estimator.encodingFor("gpt-4").countTokensOrdinary("alice");
        long assistant = estimator.encodingFor("gpt-4").countTokensOrdinary("assistant");
        assertThat(estimator.promptTokens("gpt-4", named))
                .isEqualTo((3 + 1 + 2 + 1 + alice) + (3 + assistant + 2) + 3);
    }

    @Test
    void reservesMaxTokensOrTheDefaultOnTopOfThePrompt() {
        CompletionRequest withMax = request(256, message("user", "Hello world", null));
        CompletionRequest withoutMax = request(null, message("user", "Hello world", null));

        assertThat(estimator.reserve("gpt-4o-mini", withMax)).isEqualTo(9 + 256);
        assertThat(estimator.reserve("gpt-4o-mini", withoutMax)).isEqualTo(9 + 1024);
    }

    @Test
    void countsPassedThroughToolDefinitionsAndSpecialTokenTextAsPrompt() {
        CompletionRequest plain = request(null, message("user", "Hello world", null));
        CompletionRequest withTools = request(null, message("user", "Hello world", null));
        withTools.setExtraJson("{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}");
        CompletionRequest special = request(null, message("user", "<|endoftext|> Hello world", null));

        assertThat(estimator.promptTokens("gpt-4o", withTools)).isGreaterThan(estimator.promptTokens("gpt-4o", plain));
        assertThat(estimator.promptTokens("gpt-4o", special)).isGreaterThan(estimator.promptTokens("gpt-4o", plain));
    }

    @Test
    void aLongPromptCountsRoughlyOneTokenPerFourCharacters() {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(200);
        long tokens = estimator.promptTokens("gpt-4o", request(null, message("user", text, null)));

        assertThat(tokens).isBetween(text.length() / 6L, text.length() / 3L);
    }

    static CompletionRequest request(Integer maxTokens, ChatMessage... messages) {
        return CompletionRequest.newBuilder()
                .setRequestId("r-1").setUserId("u-1").setModel("gpt-4o-mini")
                .setMessages(List.of(messages)).setMaxTokens(maxTokens)
                .setCreatedAt(Instant.parse("2026-03-01T10:00:00Z"))
                .setDeadline(Instant.parse("2026-03-01T10:01:00Z"))
                .build();
    }

    static ChatMessage message(String role, String content, String name) {
        return ChatMessage.newBuilder().setRole(role).setContent(content).setName(name).build();
    }
}
