package io.llmrelay.aggregator.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void doublesFromTheInitialDelayUntilTheCapThenStaysThere() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(10));

        assertThat(Stream.generate(backoff::next).limit(9).map(Duration::toMillis))
                .containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 10_000L, 10_000L, 10_000L);
    }

    @Test
    void startsOverFromTheInitialDelayAfterAReset() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(10));
        backoff.next();
        backoff.next();

        backoff.reset();

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void neverExceedsACapThatIsNotAPowerOfTwoOfTheInitialDelay() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(300), Duration.ofMillis(1_000));

        assertThat(Stream.generate(backoff::next).limit(4).map(Duration::toMillis))
                .containsExactly(300L, 600L, 1_000L, 1_000L);
    }

    @Test
    void refusesACapBelowTheInitialDelay() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial PT2S, max PT1S");
    }
}
