package io.llmrelay.worker.provider;

import static io.llmrelay.worker.provider.RetryAfterHeadersTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class OpenAiRateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void readsOpenAisRemainingCountsAndGoDurationResets() {
        RateLimitHints hints = OpenAiRateLimitHeaders.parse(headers("x-ratelimit-remaining-requests", "59",
                "x-ratelimit-remaining-tokens", "149000", "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-reset-tokens", "6m0s"), NOW);

        assertThat(hints).isEqualTo(new RateLimitHints(java.util.OptionalLong.of(59), java.util.OptionalLong.of(149_000),
                java.util.Optional.of(Duration.ofSeconds(1)), java.util.Optional.of(Duration.ofMinutes(6)),
                java.util.Optional.empty()));
    }

    @Test
    void aRetryAfterIsOnlyAHintWhenTheProviderSentOne() {
        assertThat(OpenAiRateLimitHeaders.parse(headers("retry-after-ms", "250", "x-ratelimit-remaining-requests",
                "0"), NOW).retryAfter()).hasValue(Duration.ofMillis(250));
        assertThat(OpenAiRateLimitHeaders.parse(headers("x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "2s"), NOW).retryAfter())
                .as("the reset is reported as the reset, not as a retry-after").isEmpty();
        assertThat(OpenAiRateLimitHeaders.parse(headers(), NOW).isEmpty()).isTrue();
        assertThat(OpenAiRateLimitHeaders.parse(headers("x-ratelimit-remaining-tokens", "lots"), NOW).isEmpty())
                .isTrue();
    }
}
