package io.llmrelay.worker.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.llmrelay.worker.provider.RateLimitHints;
import org.junit.jupiter.api.Test;

class AnthropicRateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void readsRemainingCountsResetInstantsAndRetryAfter() {
        RateLimitHints hints = AnthropicRateLimitHeaders.parse(headers(Map.of(
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-tokens-remaining", "12000",
                "anthropic-ratelimit-requests-reset", "2026-11-26T12:00:07Z",
                "anthropic-ratelimit-tokens-reset", "2026-11-26T12:00:30.500+00:00",
                "retry-after", "7")), NOW);

        assertThat(hints.remainingRequests()).hasValue(0);
        assertThat(hints.remainingTokens()).hasValue(12_000);
        assertThat(hints.requestsReset()).hasValue(Duration.ofSeconds(7));
        assertThat(hints.tokensReset()).hasValue(Duration.ofMillis(30_500));
        assertThat(hints.retryAfter()).hasValue(Duration.ofSeconds(7));
    }

    @Test
    void aResetInThePastIsZeroAndWhatDoesNotParseIsLeftOut() {
        RateLimitHints hints = AnthropicRateLimitHeaders.parse(headers(Map.of(
                "anthropic-ratelimit-requests-reset", "2026-11-26T11:59:00Z",
                "anthropic-ratelimit-tokens-reset", "soon",
                "anthropic-ratelimit-tokens-remaining", "-1",
                "retry-after", "Thu, 26 Nov 2026 12:00:05 GMT")), NOW);

        assertThat(hints.requestsReset()).hasValue(Duration.ZERO);
        assertThat(hints.tokensReset()).isEmpty();
        assertThat(hints.remainingTokens()).isEmpty();
        assertThat(hints.retryAfter()).isEmpty();
        assertThat(AnthropicRateLimitHeaders.parse(headers(Map.of()), NOW).isEmpty()).isTrue();
    }

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> multi = new java.util.HashMap<>();
        values.forEach((name, value) -> multi.put(name, List.of(value)));
        return HttpHeaders.of(multi, (name, value) -> true);
    }
}
