package io.llmrelay.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.llmrelay.worker.provider.ProviderFailure;
import io.llmrelay.worker.provider.ProviderFailure.CallerError;
import io.llmrelay.worker.provider.ProviderFailure.CredentialRejected;
import io.llmrelay.worker.provider.ProviderFailure.RateLimited;
import io.llmrelay.worker.provider.ProviderFailure.ServerError;
import io.llmrelay.worker.provider.ProviderFailure.Timeout;
import io.llmrelay.worker.retry.RetryDecision.GiveUp;
import io.llmrelay.worker.retry.RetryDecision.Retry;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Jitter NO_JITTER = ceiling -> ceiling;
    private static final ProviderFailure SERVER_ERROR = new ServerError("openai", 500, "boom", Optional.empty());

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5), NO_JITTER);

    @Test
    void backoffDoublesFromTheBaseUpToTheCap() {
        assertThat(policy.backoffCeiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoffCeiling(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoffCeiling(5)).isEqualTo(Duration.ofMillis(3200));
        assertThat(policy.backoffCeiling(6)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffCeiling(1_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void fullJitterPicksBetweenZeroAndTheCeiling() {
        long[] asked = new long[1];
        RetryPolicy jittered = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5), ceiling -> {
            asked[0] = ceiling;
            return ceiling / 4;
        });
        RetryPolicy.Retries retries = jittered.forDeadline(NOW.plusSeconds(60));
        retries.after(SERVER_ERROR, NOW);

        assertThat(retries.after(SERVER_ERROR, NOW)).isEqualTo(new Retry(Duration.ofMillis(100)));
        assertThat(asked[0]).isEqualTo(400);
    }

    @Test
    void retriesServerErrorsAndTimeoutsUntilMaxAttemptsFailed() {
        RetryPolicy.Retries retries = policy.forDeadline(NOW.plusSeconds(60));

        assertThat(retries.after(SERVER_ERROR, NOW)).isEqualTo(new Retry(Duration.ofMillis(200)));
        assertThat(retries.after(new Timeout("openai", "slow"), NOW)).isEqualTo(new Retry(Duration.ofMillis(400)));
        assertThat(retries.after(SERVER_ERROR, NOW)).isEqualTo(new GiveUp("gave up after 3 attempts"));
    }

    @Test
    void doesNotRetryCredentialOrCallerErrors() {
        assertThat(policy.forDeadline(NOW.plusSeconds(60)).after(new CredentialRejected("openai", 401, "no"), NOW))
                .isInstanceOf(GiveUp.class);
        assertThat(policy.forDeadline(NOW.plusSeconds(60)).after(new CallerError("openai", 400, "bad", "x"), NOW))
                .isInstanceOf(GiveUp.class);
    }

    @Test
    void neverSchedulesARetryThatWouldStartAtOrAfterTheDeadline() {
        RetryPolicy.Retries retries = policy.forDeadline(NOW.plusMillis(200));

        RetryDecision decision = retries.after(SERVER_ERROR, NOW);

        assertThat(decision).isInstanceOf(GiveUp.class);
        assertThat(((GiveUp) decision).reason()).contains("deadline").contains("200 ms left");
    }

    @Test
    void retriesWhenTheBackoffEndsJustBeforeTheDeadline() {
        assertThat(policy.forDeadline(NOW.plusMillis(201)).after(SERVER_ERROR, NOW))
                .isEqualTo(new Retry(Duration.ofMillis(200)));
    }

    @Test
    void waitsWhatRetryAfterAsksWhenThatFitsBeforeTheDeadline() {
        RateLimited limited = new RateLimited("openai", 429, "slow down", Optional.of(Duration.ofSeconds(2)));

        assertThat(policy.forDeadline(NOW.plusSeconds(3)).after(limited, NOW)).isEqualTo(new Retry(Duration.ofSeconds(2)));
        assertThat(policy.forDeadline(NOW.plusSeconds(2)).after(limited, NOW)).isInstanceOf(GiveUp.class);
    }

    @Test
    void rateLimitedAttemptsDoNotCountTowardMaxAttempts() {
        RetryPolicy.Retries retries = policy.forDeadline(NOW.plusSeconds(600));
        RateLimited limited = new RateLimited("openai", 429, "slow down", Optional.of(Duration.ofMillis(10)));

        for (int i = 0; i < 10; i++) {
            assertThat(retries.after(limited, NOW)).isInstanceOf(Retry.class);
        }
        assertThat(retries.after(SERVER_ERROR, NOW)).isInstanceOf(Retry.class);
        assertThat(retries.after(SERVER_ERROR, NOW)).isInstanceOf(Retry.class);
        assertThat(retries.after(SERVER_ERROR, NOW)).isEqualTo(new GiveUp("gave up after 13 attempts"));
    }

    @Test
    void aServerErrorWithRetryAfterWaitsThatLongInsteadOfBackingOff() {
        ServerError unavailable = new ServerError("openai", 503, "busy", Optional.of(Duration.ofMillis(1500)));

        assertThat(policy.forDeadline(NOW.plusSeconds(60)).after(unavailable, NOW))
                .isEqualTo(new Retry(Duration.ofMillis(1500)));
    }
}
