package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryAfterHeadersTest {

    @Test
    void roundsRetryAfterSecondsUpSoAClientNeverRetriesEarly() {
        assertThat(RetryAfterHeaders.of(Duration.ofMillis(1001))).containsEntry("Retry-After", "2")
                .containsEntry("retry-after-ms", "1001");
        assertThat(RetryAfterHeaders.of(Duration.ofSeconds(1))).containsEntry("Retry-After", "1");
        assertThat(RetryAfterHeaders.of(Duration.ZERO)).containsEntry("Retry-After", "0");
    }

    @Test
    void saysNoRequestsRemain() {
        assertThat(RetryAfterHeaders.of(Duration.ofSeconds(1))).containsEntry("x-ratelimit-remaining-requests", "0");
    }

    @Test
    void formatsTheResetTimeAsAGoDuration() {
        assertThat(RetryAfterHeaders.goDuration(250)).isEqualTo("250ms");
        assertThat(RetryAfterHeaders.goDuration(1000)).isEqualTo("1s");
        assertThat(RetryAfterHeaders.goDuration(1500)).isEqualTo("1.5s");
        assertThat(RetryAfterHeaders.goDuration(1020)).isEqualTo("1.02s");
        assertThat(RetryAfterHeaders.goDuration(90_000)).isEqualTo("1m30s");
        assertThat(RetryAfterHeaders.goDuration(3_600_000)).isEqualTo("1h0m0s");
    }
}
