package io.llmrelay.worker.ratelimit;

import static io.llmrelay.worker.ratelimit.TokenEstimatorTest.message;
import static io.llmrelay.worker.ratelimit.TokenEstimatorTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.provider.RateLimitHints;
import io.llmrelay.worker.provider.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The limiter on in-memory buckets: the same decisions as on PostgreSQL ({@code SharedRateLimitsIT}), without I/O. */
class RateLimiterTest {

    private static final Target GPT = new Target("openai", "gpt-4o-mini");
    private static final TokenEstimator ESTIMATOR = new TokenEstimator(1024);
    /** 9 prompt tokens ("Hello world" from a user) plus 291 completion tokens: 300. */
    private static final CompletionRequest THREE_HUNDRED = request(291, message("user", "Hello world", null));

    private final Clock clock = Clock.systemUTC();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProviderHolds holds = new ProviderHolds(clock);

    @Test
    void aTargetWithoutALimitIsGrantedAtOnceAndHoldsNothing() throws InterruptedException {
        RateLimiter limiter = limiter(new LocalBuckets(), limit("anthropic", "*", 1L, null));

        Reservation reservation = limiter.acquire(GPT, THREE_HUNDRED, soon());

        assertThat(reservation.granted()).isTrue();
        assertThat(reservation.reservedTokens()).isZero();
    }

    @Test
    void refusesAtOnceWhenTheWaitWouldPassTheDeadline() throws InterruptedException {
        RateLimiter limiter = limiter(new LocalBuckets(), limit("openai", "*", 2L, null));
        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();
        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();

        Reservation third = limiter.acquire(GPT, THREE_HUNDRED, soon());

        assertThat(third.granted()).isFalse();
        assertThat(third.reservedTokens()).isZero();
        assertThat(registry.get("relay.ratelimit.refusals").tag("provider", "openai").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("relay.ratelimit.waits").tags("provider", "openai", "outcome", "granted").timer()
                .count()).isEqualTo(2);
    }

    @Test
    void aModelsOwnLimitWinsOverTheProvidersWildcard() throws InterruptedException {
        RateLimiter limiter = limiter(new LocalBuckets(), limit("openai", "*", 1L, null),
                limit("openai", "gpt-4o-mini", 3L, null));

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();
        }
        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).isFalse();
        Target other = new Target("openai", "gpt-4.1");
        assertThat(limiter.acquire(other, THREE_HUNDRED, soon()).granted()).isTrue();
        assertThat(limiter.acquire(other, THREE_HUNDRED, soon()).granted()).as("each model counted on its own")
                .isFalse();
    }

    @Test
    void reservesTheEstimateAndGivesBackWhatTheProviderDidNotUse() throws InterruptedException {
        RateLimiter limiter = limiter(new LocalBuckets(), limit("openai", "*", null, 1000L));
        Reservation first = limiter.acquire(GPT, THREE_HUNDRED, soon());
        assertThat(first.reservedTokens()).isEqualTo(300);
        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();
        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();
        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).as("1200 > 1000").isFalse();

        limiter.settle(first, new TokenUsage(9, 41, 0));

        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).as("250 given back").isTrue();
    }

    @Test
    void takesWhatWasUsedBeyondTheReservationWithoutWaiting() throws InterruptedException {
        RateLimiter limiter = limiter(new LocalBuckets(), limit("openai", "*", null, 1000L));
        Reservation first = limiter.acquire(GPT, THREE_HUNDRED, soon());

        limiter.settle(first, new TokenUsage(200, 600, 0));

        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).as("800 used, 200 left").isFalse();
    }

    @Test
    void releaseGivesBackTheRequestAndTheTokensOnce() throws InterruptedException {
        RateLimiter limiter = limiter(new LocalBuckets(), limit("openai", "*", 1L, 300L));
        Reservation first = limiter.acquire(GPT, THREE_HUNDRED, soon());
        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).isFalse();

        limiter.release(first);
        limiter.release(first);
        limiter.settle(first, new TokenUsage(0, 0, 0));

        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();
        assertThat(limiter.acquire(GPT, THREE_HUNDRED, soon()).granted()).as("given back once only").isFalse();
    }

    @Test
    void aRequestBiggerThanTheWholeAllowanceTakesAllOfItInsteadOfWaitingForEver() throws InterruptedException {
        RateLimiter limiter = limiter(new LocalBuckets(), limit("openai", "*", null, 100L));

        Reservation big = limiter.acquire(GPT, THREE_HUNDRED, soon());

        assertThat(big.granted()).isTrue();
        assertThat(big.reservedTokens()).isEqualTo(100);
    }

    @Test
    void waitsForTheNextWindowWhenItComesBeforeTheDeadline() throws InterruptedException {
        RateLimiter limiter = limiter(new LocalBuckets(), new RateLimitSettings.Limit("openai", "*", 2L, null,
                Duration.ofMillis(300)));
        limiter.acquire(GPT, THREE_HUNDRED, soon());
        limiter.acquire(GPT, THREE_HUNDRED, soon());

        Reservation third = limiter.acquire(GPT, THREE_HUNDRED, clock.instant().plusSeconds(5));

        assertThat(third.granted()).isTrue();
        assertThat(third.waited()).isPositive();
    }

    @Test
    void holdsCallsWhileTheProviderSaidToWaitAndRefusesThoseWhoseDeadlineComesFirst() throws InterruptedException {
        RateLimiter limiter = limiter(new LocalBuckets());
        holds.observed(GPT, new RateLimitHints(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(),
                Optional.empty(), Optional.of(Duration.ofMillis(300))));
        Instant heldUntil = clock.instant().plusMillis(300);

        assertThat(limiter.acquire(GPT, THREE_HUNDRED, clock.instant().plusMillis(100)).granted()).isFalse();
        Reservation patient = limiter.acquire(GPT, THREE_HUNDRED, clock.instant().plusSeconds(5));

        assertThat(patient.granted()).isTrue();
        assertThat(clock.instant()).isAfterOrEqualTo(heldUntil);
    }

    @Test
    void letsCallsThroughWhenTheStoreFails() throws InterruptedException {
        BucketStore broken = new BucketStore() {
            @Override
            public Bucket bucket(String key, BucketConfiguration configuration) {
                return (Bucket) Proxy.newProxyInstance(Bucket.class.getClassLoader(), new Class<?>[] {Bucket.class},
                        (proxy, method, args) -> {
                            throw new IllegalStateException("database unreachable");
                        });
            }

            @Override
            public boolean shared() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        RateLimiter limiter = limiter(broken, limit("openai", "*", 1L, null));

        Reservation reservation = limiter.acquire(GPT, THREE_HUNDRED, soon());

        assertThat(reservation.granted()).isTrue();
        limiter.settle(reservation, new TokenUsage(1, 1, 0));
        assertThat(registry.get("relay.ratelimit.backend.errors").tag("provider", "openai").counter().count())
                .isEqualTo(1);
    }

    private RateLimiter limiter(BucketStore store, RateLimitSettings.Limit... limits) {
        RateLimitSettings settings = new RateLimitSettings(List.of(limits), 1024, RateLimitSettings.Backend.LOCAL,
                new RateLimitSettings.Datasource(null, null, null, 8, "relay_rate_limit_bucket"));
        return new RateLimiter(settings, store, ESTIMATOR, holds, new RateLimitMetrics(registry), clock);
    }

    private static RateLimitSettings.Limit limit(String provider, String model, Long rpm, Long tpm) {
        return new RateLimitSettings.Limit(provider, model, rpm, tpm, Duration.ofMinutes(1));
    }

    private Instant soon() {
        return clock.instant().plusMillis(500);
    }
}
