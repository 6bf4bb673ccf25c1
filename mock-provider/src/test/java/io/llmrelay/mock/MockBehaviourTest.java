package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class MockBehaviourTest {

    @Test
    void healthyAnswersAtOnceWithoutErrorsAndAcceptsAnyKey() {
        MockBehaviour healthy = MockBehaviour.healthy();

        assertThat(healthy.latency()).isZero();
        assertThat(healthy.errorRate()).isZero();
        assertThat(healthy.rateLimitRate()).isZero();
        assertThat(healthy.malformedRate()).isZero();
        assertThat(healthy.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(healthy.requiredApiKey()).isNull();
    }

    @Test
    void eachWitherChangesOnlyItsOwnField() {
        MockBehaviour changed = MockBehaviour.healthy()
                .withLatency(Duration.ofMillis(200))
                .withErrorRate(0.1)
                .withRateLimitRate(0.2)
                .withRetryAfter(Duration.ofMillis(1500))
                .withMalformedRate(0.3)
                .withRequiredApiKey("sk-1");

        assertThat(changed).isEqualTo(
                new MockBehaviour(Duration.ofMillis(200), 0.1, 0.2, Duration.ofMillis(1500), 0.3, "sk-1"));
    }

    @Test
    void rejectsARateOutsideZeroToOne() {
        assertThatThrownBy(() -> MockBehaviour.healthy().withErrorRate(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("errorRate").hasMessageContaining("1.5");
        assertThatThrownBy(() -> MockBehaviour.healthy().withRateLimitRate(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rateLimitRate");
        assertThatThrownBy(() -> MockBehaviour.healthy().withMalformedRate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformedRate");
    }

    @Test
    void rejectsRatesThatAddUpToMoreThanOne() {
        assertThatThrownBy(() -> MockBehaviour.healthy().withErrorRate(0.6).withRateLimitRate(0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1");
    }

    @Test
    void acceptsRatesThatAddUpToExactlyOneDespiteRounding() {
        MockBehaviour behaviour = MockBehaviour.healthy().withErrorRate(0.7).withRateLimitRate(0.2).withMalformedRate(0.1);

        assertThat(behaviour.errorRate() + behaviour.rateLimitRate() + behaviour.malformedRate()).isCloseTo(1.0,
                offset(1e-9));
    }

    @Test
    void rejectsNegativeOrMissingDurationsAndABlankKey() {
        assertThatThrownBy(() -> MockBehaviour.healthy().withLatency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
        assertThatThrownBy(() -> MockBehaviour.healthy().withRetryAfter(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("retryAfter");
        assertThatThrownBy(() -> MockBehaviour.healthy().withRequiredApiKey(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requiredApiKey");
    }

    @Test
    void toStringDoesNotRevealTheRequiredKey() {
        assertThat(MockBehaviour.healthy().withRequiredApiKey("sk-secret-123").toString())
                .doesNotContain("sk-secret-123").contains("requiredApiKey=<set>");
    }
}
