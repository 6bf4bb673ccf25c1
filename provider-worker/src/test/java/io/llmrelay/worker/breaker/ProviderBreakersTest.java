package io.llmrelay.worker.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrelay.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.llmrelay.schemas.BreakerState;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.cost.ModelLabels;
import io.llmrelay.worker.cost.ModelPrice;
import io.llmrelay.worker.cost.PriceTable;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.ProviderFailure;
import io.llmrelay.worker.provider.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ProviderBreakersTest {

    private static final Target GPT = new Target("openai", "gpt-4o-mini");
    private static final Duration WAIT_OPEN = Duration.ofSeconds(60);
    private static final Duration PAST_WAIT_OPEN = WAIT_OPEN.plusMillis(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<BreakerStatus> published = new CopyOnWriteArrayList<>();
    private ProviderBreakers breakers = breakers(1);

    @Test
    void opensAfterFiveConsecutiveServerErrors() {
        for (int i = 0; i < 4; i++) {
            call(serverError(503));
        }
        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);
        assertThat(published).isEmpty();

        call(serverError(503));

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.OPEN);
        assertThat(breakers.tryAcquire(GPT)).isFalse();
        assertThat(published).singleElement().satisfies(status -> {
            assertThat(status.target()).isEqualTo(GPT);
            assertThat(status.state()).isEqualTo(BreakerState.OPEN);
            assertThat(status.since()).isEqualTo(clock.instant());
            assertThat(status.reason()).isEqualTo("5 consecutive failures, the last provider_error 503");
            assertThat(status.reportedBy()).isEqualTo("worker-a");
        });
        assertThat(breakers.states()).containsExactly(published.getFirst());
        assertThat(breakers.status(GPT)).contains(published.getFirst());
        assertThat(breakers.status(new Target("openai", "gpt-4.1"))).isEmpty();
    }

    @Test
    void aSuccessBreaksTheRun() {
        for (int i = 0; i < 4; i++) {
            call(serverError(500));
        }
        call(success());
        for (int i = 0; i < 4; i++) {
            call(serverError(500));
        }

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void timeoutsUnreachableAndUnusableAnswersCount() {
        call(new AttemptResult.Failed(new ProviderFailure.Timeout("openai", "no answer in 30s"), stats()));
        call(new AttemptResult.Failed(new ProviderFailure.ConnectionFailed("openai", "refused", false), stats()));
        call(new AttemptResult.Failed(new ProviderFailure.InvalidResponse("openai", 200, "no choices"), stats()));
        call(serverError(502));
        call(new AttemptResult.Failed(new ProviderFailure.Timeout("openai", "no answer in 30s"), stats()));

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.OPEN);
        assertThat(published.getLast().reason()).isEqualTo("5 consecutive failures, the last provider_timeout");
    }

    @Test
    void clientErrorsCredentialRejectionsAndRateLimitsNeitherCountNorBreakARun() {
        for (int i = 0; i < 10; i++) {
            call(rateLimited());
            call(new AttemptResult.Failed(new ProviderFailure.CallerError("openai", 400, "bad", "invalid_request"),
                    stats()));
            call(new AttemptResult.Failed(new ProviderFailure.CredentialRejected("openai", 401, "bad key"), stats()));
        }
        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);

        for (int i = 0; i < 4; i++) {
            call(serverError(503));
            call(rateLimited());
            call(new AttemptResult.Failed(new ProviderFailure.CallerError("openai", 404, "no model", "not_found"),
                    stats()));
        }
        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);
        call(serverError(503));

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void letsOneProbeThroughAfterWaitOpenAndClosesWhenItSucceeds() {
        open();
        clock.advance(WAIT_OPEN.minusSeconds(1));
        assertThat(breakers.tryAcquire(GPT)).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(breakers.tryAcquire(GPT)).as("at wait-open exactly").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breakers.tryAcquire(GPT)).isTrue();
        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breakers.tryAcquire(GPT)).as("a second probe").isFalse();

        breakers.record(GPT, success());

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);
        assertThat(published).extracting(BreakerStatus::state)
                .containsExactly(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED);
        assertThat(published.getLast().reason()).isEqualTo("probe call(s) succeeded");
        assertThat(breakers.tryAcquire(GPT)).isTrue();
    }

    @Test
    void opensAgainWhenTheProbeFails() {
        open();
        clock.advance(PAST_WAIT_OPEN);
        assertThat(breakers.tryAcquire(GPT)).isTrue();

        breakers.record(GPT, new AttemptResult.Failed(new ProviderFailure.Timeout("openai", "slow"), stats()));

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.OPEN);
        assertThat(published.getLast().reason()).isEqualTo("probe call failed: provider_timeout");
        assertThat(published.getLast().since()).isEqualTo(clock.instant());
        assertThat(breakers.tryAcquire(GPT)).isFalse();
        clock.advance(PAST_WAIT_OPEN);
        assertThat(breakers.tryAcquire(GPT)).isTrue();
    }

    @Test
    void withSeveralProbesAnyFailedProbeOpensAgain() {
        breakers = breakers(3);
        open();
        clock.advance(PAST_WAIT_OPEN);
        assertThat(breakers.tryAcquire(GPT)).isTrue();
        assertThat(breakers.tryAcquire(GPT)).isTrue();
        assertThat(breakers.tryAcquire(GPT)).isTrue();
        assertThat(breakers.tryAcquire(GPT)).isFalse();

        breakers.record(GPT, success());
        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.HALF_OPEN);
        breakers.record(GPT, serverError(500));

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void aRateLimitedProbeGivesItsPermissionBack() {
        open();
        clock.advance(PAST_WAIT_OPEN);
        assertThat(breakers.tryAcquire(GPT)).isTrue();

        breakers.record(GPT, rateLimited());

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breakers.tryAcquire(GPT)).isTrue();
        breakers.release(GPT);
        assertThat(breakers.tryAcquire(GPT)).isTrue();
    }

    @Test
    void aPeersOpenOpensThisBreakerUntilWaitOpenAfterThePeerOpenedWithoutRepublishing() {
        Instant peerOpened = clock.instant().minusSeconds(50);
        breakers.apply(health(BreakerState.OPEN, peerOpened, "worker-b"));

        assertThat(breakers.tryAcquire(GPT)).isFalse();
        assertThat(published).isEmpty();
        assertThat(breakers.states()).singleElement().satisfies(status -> {
            assertThat(status.state()).isEqualTo(BreakerState.OPEN);
            assertThat(status.since()).isEqualTo(peerOpened);
            assertThat(status.reportedBy()).isEqualTo("worker-b");
            assertThat(status.reason()).isEqualTo("5 consecutive failures, the last provider_error 500");
        });

        clock.advance(Duration.ofSeconds(9));
        assertThat(breakers.tryAcquire(GPT)).isFalse();
        clock.advance(Duration.ofMillis(1001));
        assertThat(breakers.tryAcquire(GPT)).as("60 s after the peer opened it").isTrue();
        assertThat(published).singleElement().satisfies(status -> {
            assertThat(status.state()).isEqualTo(BreakerState.HALF_OPEN);
            assertThat(status.reportedBy()).isEqualTo("worker-a");
        });
    }

    @Test
    void aPeersLaterOpenWhileOpenMovesTheEndOfTheWait() {
        open();
        published.clear();
        clock.advance(Duration.ofSeconds(30));

        breakers.apply(health(BreakerState.OPEN, clock.instant(), "worker-b"));

        clock.advance(Duration.ofSeconds(31));
        assertThat(breakers.tryAcquire(GPT)).as("61 s after this worker opened, 31 s after the peer").isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breakers.tryAcquire(GPT)).isTrue();
        assertThat(published).extracting(BreakerStatus::state).containsExactly(BreakerState.HALF_OPEN);
    }

    @Test
    void aPeersCloseClosesAnOpenBreakerWithoutRepublishing() {
        open();
        published.clear();
        clock.advance(Duration.ofSeconds(5));

        breakers.apply(health(BreakerState.CLOSED, clock.instant(), "worker-b"));

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);
        assertThat(breakers.tryAcquire(GPT)).isTrue();
        assertThat(published).isEmpty();
        assertThat(breakers.states().getFirst().reportedBy()).isEqualTo("worker-b");
    }

    @Test
    void ignoresItsOwnRecordsAndRecordsOlderThanItsOwnLastTransition() {
        breakers.apply(health(BreakerState.OPEN, clock.instant(), "worker-a"));
        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);

        clock.advance(Duration.ofSeconds(10));
        open();
        breakers.apply(health(BreakerState.CLOSED, clock.instant().minusSeconds(1), "worker-b"));

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.OPEN);
        assertThat(breakers.states().getFirst().reportedBy()).isEqualTo("worker-a");
    }

    @Test
    void aPeersHalfOpenChangesNothing() {
        breakers.apply(health(BreakerState.HALF_OPEN, clock.instant(), "worker-b"));

        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.CLOSED);
        assertThat(breakers.tryAcquire(GPT)).isTrue();
    }

    @Test
    void stateGaugeAndTransitionCounterFollowTheBreaker() {
        Target other = new Target("openai", "gpt-4o-mini-2024-07-18");
        breakers.tryAcquire(other);
        assertThat(gauge()).isEqualTo(0);

        open();
        assertThat(gauge()).as("the worst of the targets under the label").isEqualTo(1);
        clock.advance(PAST_WAIT_OPEN);
        breakers.tryAcquire(GPT);
        assertThat(gauge()).isEqualTo(2);
        breakers.record(GPT, success());
        assertThat(gauge()).isEqualTo(0);
        breakers.apply(new ProviderHealth("openai", "openai/" + other.model(), BreakerState.OPEN, "down",
                clock.instant(), "worker-b"));
        assertThat(gauge()).isEqualTo(1);

        assertThat(transitions("open", "local")).isEqualTo(1);
        assertThat(transitions("half_open", "local")).isEqualTo(1);
        assertThat(transitions("closed", "local")).isEqualTo(1);
        assertThat(transitions("open", "peer")).isEqualTo(1);
    }

    @Test
    void readsTargetsWhoseModelHoldsSlashes() {
        ProviderHealth health = health(BreakerState.OPEN, clock.instant(), "worker-b");
        health.setProvider("vllm");
        health.setTarget("vllm/meta-llama/Llama-3.1-8B");

        assertThat(ProviderBreakers.targetOf(health)).contains(new Target("vllm", "meta-llama/Llama-3.1-8B"));
        health.setTarget("openai/gpt-4o");
        assertThat(ProviderBreakers.targetOf(health)).isEqualTo(Optional.empty());
    }

    private ProviderBreakers breakers(int halfOpenCalls) {
        ModelLabels labels = new ModelLabels(PriceTable.of(List.of(
                new ModelPrice("openai", "gpt-4o-mini", 150_000, 75_000, 600_000, "test prices", "2026-11-01"))));
        return new ProviderBreakers(new BreakerSettings(true, 5, WAIT_OPEN, halfOpenCalls, Duration.ZERO),
                "worker-a", clock, new BreakerMetrics(registry, labels), published::add);
    }

    private void open() {
        for (int i = 0; i < 5; i++) {
            call(serverError(500));
        }
        assertThat(breakers.state(GPT)).isEqualTo(BreakerState.OPEN);
    }

    private void call(AttemptResult result) {
        assertThat(breakers.tryAcquire(GPT)).as("permission for a call while closed").isTrue();
        breakers.record(GPT, result);
    }

    private double gauge() {
        return registry.get("relay.provider.breaker.state").tags("provider", "openai", "model", "gpt-4o-mini")
                .gauge().value();
    }

    private double transitions(String to, String source) {
        return registry.get("relay.provider.breaker.transitions").tags("provider", "openai", "to", to,
                "source", source).counter().count();
    }

    private static ProviderHealth health(BreakerState state, Instant since, String reportedBy) {
        return new ProviderHealth("openai", GPT.toString(), state,
                "5 consecutive failures, the last provider_error 500", since, reportedBy);
    }

    private static AttemptResult serverError(int status) {
        return new AttemptResult.Failed(new ProviderFailure.ServerError("openai", status, "oops", Optional.empty()),
                stats());
    }

    private static AttemptResult rateLimited() {
        return new AttemptResult.Failed(new ProviderFailure.RateLimited("openai", 429, "slow down",
                Optional.of(Duration.ofSeconds(1))), stats());
    }

    private static AttemptResult success() {
        return new AttemptResult.Answered(new AttemptResult.Completion("r1", "gpt-4o-mini", "hi", "stop",
                new TokenUsage(10, 2, 0)), stats());
    }

    private static AttemptResult.Stats stats() {
        return new AttemptResult.Stats(100, 200, Duration.ofMillis(120), Instant.parse("2026-03-01T10:00:00Z"));
    }
}
