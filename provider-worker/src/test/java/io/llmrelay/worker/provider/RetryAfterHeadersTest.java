package io.llmrelay.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class RetryAfterHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void readsRetryAfterInSeconds() {
        assertThat(RetryAfterHeaders.parse(headers("Retry-After", "3"), NOW)).hasValue(Duration.ofSeconds(3));
    }

    @Test
    void readsFractionalSecondsRoundingUpToTheMillisecond() {
        assertThat(RetryAfterHeaders.parse(headers("retry-after", "0.0015"), NOW)).hasValue(Duration.ofMillis(2));
    }

    @Test
    void readsRetryAfterAsAnHttpDate() {
        assertThat(RetryAfterHeaders.parse(headers("Retry-After", "Thu, 26 Nov 2026 12:00:07 GMT"), NOW))
                .hasValue(Duration.ofSeconds(7));
        assertThat(RetryAfterHeaders.parse(headers("Retry-After", "Thu, 26 Nov 2026 11:59:00 GMT"), NOW))
                .as("a date in the past means now").hasValue(Duration.ZERO);
    }

    @Test
    void prefersRetryAfterMsOverRetryAfter() {
        assertThat(RetryAfterHeaders.parse(headers("retry-after-ms", "1500.2", "retry-after", "2"), NOW))
                .hasValue(Duration.ofMillis(1501));
    }

    @Test
    void ignoresValuesThatDoNotParse() {
        assertThat(RetryAfterHeaders.parse(headers("Retry-After", "soon"), NOW)).isEmpty();
        assertThat(RetryAfterHeaders.parse(headers("retry-after-ms", "-5"), NOW)).isEmpty();
        assertThat(RetryAfterHeaders.parse(headers(), NOW)).isEmpty();
    }

    @Test
    void fallsBackToTheResetOfTheExhaustedRateLimit() {
        HttpHeaders headers = headers("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1.5s",
                "x-ratelimit-remaining-tokens", "900", "x-ratelimit-reset-tokens", "6m0s");

        assertThat(RetryAfterHeaders.parse(headers, NOW)).hasValue(Duration.ofMillis(1500));
    }

    @Test
    void readsGoStyleDurations() {
        assertThat(RetryAfterHeaders.goDuration("6m0s")).hasValue(Duration.ofMinutes(6));
        assertThat(RetryAfterHeaders.goDuration("1h2m3s")).hasValue(Duration.ofSeconds(3723));
        assertThat(RetryAfterHeaders.goDuration("20ms")).hasValue(Duration.ofMillis(20));
        assertThat(RetryAfterHeaders.goDuration("2x")).isEmpty();
        assertThat(RetryAfterHeaders.goDuration("1s junk")).isEmpty();
    }

    static HttpHeaders headers(String... namesAndValues) {
        Map<String, List<String>> map = Stream.iterate(0, i -> i < namesAndValues.length, i -> i + 2)
                .collect(Collectors.toMap(i -> namesAndValues[i], i -> List.of(namesAndValues[i + 1])));
        return HttpHeaders.of(map, (name, value) -> true);
    }
}
