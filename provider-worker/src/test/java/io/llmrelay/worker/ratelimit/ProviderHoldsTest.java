package io.llmrelay.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrelay.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import io.llmrelay.worker.provider.RateLimitHints;
import io.llmrelay.worker.provider.Target;
import org.junit.jupiter.api.Test;

class ProviderHoldsTest {

    private static final Target GPT = new Target("openai", "gpt-4o-mini");
    private static final Target OTHER = new Target("openai", "gpt-4.1");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final ProviderHolds holds = new ProviderHolds(clock);
    private final Instant start = clock.instant();

    @Test
    void holdsTheTargetUntilRetryAfterHasPassed() {
        holds.observed(GPT, hints(null, null, null, null, Duration.ofSeconds(7)));

        assertThat(holds.heldUntil(GPT, 1, start)).contains(start.plusSeconds(7));
        assertThat(holds.heldUntil(OTHER, 1, start)).isEmpty();
        assertThat(holds.heldUntil(GPT, 1, start.plusSeconds(7))).isEmpty();
    }

    @Test
    void holdsUntilTheRequestWindowResetsWhenNoRequestsAreLeft() {
        holds.observed(GPT, hints(0L, 50_000L, Duration.ofSeconds(3), Duration.ofSeconds(1), null));

        assertThat(holds.heldUntil(GPT, 100, start)).contains(start.plusSeconds(3));
        assertThat(holds.heldUntil(GPT, 100, start.plusSeconds(3))).isEmpty();
    }

    @Test
    void doesNotHoldWhileRequestsAndTokensAreLeft() {
        holds.observed(GPT, hints(5L, 50_000L, Duration.ofSeconds(3), Duration.ofSeconds(1), null));

        assertThat(holds.heldUntil(GPT, 1_000, start)).isEmpty();
    }

    @Test
    void holdsUntilTheTokenWindowResetsWhenFewerTokensAreLeftThanTheCallNeeds() {
        holds.observed(GPT, hints(100L, 400L, Duration.ofSeconds(1), Duration.ofSeconds(12), null));

        assertThat(holds.heldUntil(GPT, 500, start)).contains(start.plusSeconds(12));
        assertThat(holds.heldUntil(GPT, 400, start)).isEmpty();
    }

    @Test
    void takesTheLatestOfSeveralReasons() {
        holds.observed(GPT, hints(0L, 0L, Duration.ofSeconds(2), Duration.ofSeconds(9), Duration.ofSeconds(5)));

        assertThat(holds.heldUntil(GPT, 10, start)).contains(start.plusSeconds(9));
    }

    @Test
    void aNewerAnswerReplacesTheWindowCountsButKeepsAnEarlierRetryAfter() {
        holds.observed(GPT, hints(0L, null, Duration.ofSeconds(20), null, Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(1));
        holds.observed(GPT, hints(30L, null, Duration.ofSeconds(20), null, null));

        assertThat(holds.heldUntil(GPT, 1, clock.instant())).contains(start.plusSeconds(10));
        assertThat(holds.heldUntil(GPT, 1, start.plusSeconds(10))).isEmpty();
    }

    @Test
    void aRemainingCountWithoutItsResetTimeHoldsNothing() {
        holds.observed(GPT, hints(0L, 0L, null, null, null));

        assertThat(holds.heldUntil(GPT, 1, start)).isEmpty();
    }

    @Test
    void neverThrowsOnHintsItCannotUse() {
        holds.observed(GPT, RateLimitHints.NONE);
        holds.observed(GPT, hints(0L, null, Duration.ofSeconds(-5), null, null));

        assertThat(holds.heldUntil(GPT, 1, start)).isEmpty();
    }

    private static RateLimitHints hints(Long requests, Long tokens, Duration requestsReset, Duration tokensReset,
                                        Duration retryAfter) {
        return new RateLimitHints(
                requests == null ? OptionalLong.empty() : OptionalLong.of(requests),
                tokens == null ? OptionalLong.empty() : OptionalLong.of(tokens),
                Optional.ofNullable(requestsReset), Optional.ofNullable(tokensReset), Optional.ofNullable(retryAfter));
    }

}
