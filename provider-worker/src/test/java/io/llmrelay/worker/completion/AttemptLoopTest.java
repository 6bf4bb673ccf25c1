package io.llmrelay.worker.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.cost.ModelLabels;
import io.llmrelay.worker.cost.ModelPrice;
import io.llmrelay.worker.cost.PriceTable;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.AttemptResult.Answered;
import io.llmrelay.worker.provider.AttemptResult.Completion;
import io.llmrelay.worker.provider.AttemptResult.Failed;
import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.provider.ProviderFailure.CredentialRejected;
import io.llmrelay.worker.provider.ProviderFailure.RateLimited;
import io.llmrelay.worker.provider.ProviderFailure.ServerError;
import io.llmrelay.worker.retry.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class AttemptLoopTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final AttemptResult.Stats STATS = new AttemptResult.Stats(10, 10, Duration.ofMillis(5), NOW);
    private static final Failed SERVER_ERROR =
            new Failed(new ServerError("openai", 500, "failed", Optional.empty()), STATS);
    private static final Answered ANSWER =
            new Answered(new Completion("id", "gpt-4o-mini", "Hi", "stop", new TokenUsage(1, 1, 0)), STATS);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProviderCallMetrics metrics = new ProviderCallMetrics(registry, new ModelLabels(PriceTable.of(List.of(
            new ModelPrice("openai", "gpt-4o-mini", 150_000, 75_000, 600_000, "test", "2026-11-01")))));
    // zero jitter: retries follow at once, so the test does not wait
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5), ceiling -> 0);

    @Test
    void retriesUntilTheProviderAnswers() throws InterruptedException {
        ScriptedProvider provider = new ScriptedProvider(SERVER_ERROR, SERVER_ERROR, ANSWER);

        CallOutcome outcome = new AttemptLoop(provider, policy, clock, metrics).run(request(), new ArrayList<>());

        assertThat(outcome.attempts()).containsExactly(SERVER_ERROR, SERVER_ERROR, ANSWER);
        assertThat(outcome.giveUpReason()).isNull();
    }

    @Test
    void stopsAtTheFirstFailureThatIsNotRetryable() throws InterruptedException {
        Failed rejected = new Failed(new CredentialRejected("openai", 401, "bad key"), STATS);
        ScriptedProvider provider = new ScriptedProvider(rejected, ANSWER);

        CallOutcome outcome = new AttemptLoop(provider, policy, clock, metrics).run(request(), new ArrayList<>());

        assertThat(outcome.attempts()).containsExactly(rejected);
        assertThat(outcome.giveUpReason()).startsWith("not retried");
    }

    @Test
    void givesUpAfterMaxAttemptsAndPassesTheRequestsDeadlineToEveryAttempt() throws InterruptedException {
        ScriptedProvider provider = new ScriptedProvider(SERVER_ERROR, SERVER_ERROR, SERVER_ERROR, ANSWER);

        CallOutcome outcome = new AttemptLoop(provider, policy, clock, metrics).run(request(), new ArrayList<>());

        assertThat(outcome.attempts()).hasSize(3);
        assertThat(outcome.giveUpReason()).isEqualTo("gave up after 3 attempts");
        assertThat(provider.deadlines).containsOnly(NOW.plusSeconds(60)).hasSize(3);
    }

    @Test
    void handsOverEachAttemptAsItEndsSoACallerKnowsTheCallsMadeWhenALaterOneThrows() {
        ScriptedProvider provider = new ScriptedProvider(SERVER_ERROR);
        List<AttemptResult> made = new ArrayList<>();

        assertThatThrownBy(() -> new AttemptLoop(provider, policy, clock, metrics).run(request(), made))
                .isInstanceOf(NoSuchElementException.class);

        assertThat(made).containsExactly(SERVER_ERROR);
    }

    @Test
    void metersEveryAttemptByOutcomeAndEveryRetryWithWhatCausedIt() throws InterruptedException {
        Failed rateLimited = new Failed(new RateLimited("openai", 429, "slow down", Optional.of(Duration.ofMillis(3))),
                STATS);
        ScriptedProvider provider = new ScriptedProvider(SERVER_ERROR, rateLimited, ANSWER);

        new AttemptLoop(provider, policy, clock, metrics).run(request(), new ArrayList<>());

        assertThat(calls("server_error")).isEqualTo(1);
        assertThat(calls("rate_limited")).isEqualTo(1);
        assertThat(calls("success")).isEqualTo(1);
        assertThat(registry.get("relay.provider.call.duration").tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get("relay.provider.retries").tag("outcome", "server_error").counter().count()).isEqualTo(1);
        assertThat(registry.get("relay.provider.retries").tag("outcome", "rate_limited").counter().count()).isEqualTo(1);
        assertThat(registry.get("relay.provider.rate.limit.waits").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(3);
        assertThat(registry.get("relay.provider.calls.active").gauge().value()).isZero();
    }

    @Test
    void metersAModelWithoutAPriceAsOtherRatherThanByItsName() throws InterruptedException {
        ScriptedProvider provider = new ScriptedProvider(ANSWER);
        CompletionRequest request = request();
        request.setModel("gpt-4o-mini-typed-by-someone");

        new AttemptLoop(provider, policy, clock, metrics).run(request, new ArrayList<>());

        assertThat(registry.get("relay.provider.calls").tags("model", "other", "outcome", "success").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("relay.provider.calls").tag("model", "gpt-4o-mini-typed-by-someone").meters())
                .isEmpty();
    }

    private double calls(String outcome) {
        return registry.get("relay.provider.calls").tags("provider", "openai", "model", "gpt-4o-mini", "outcome", outcome)
                .counter().count();
    }

    private static CompletionRequest request() {
        return CompletionRequest.newBuilder().setRequestId("r-1").setUserId("u-1").setModel("gpt-4o-mini")
                .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent("hi").build()))
                .setCreatedAt(NOW).setDeadline(NOW.plusSeconds(60)).build();
    }

    private static final class ScriptedProvider implements ChatProvider {

        private final Deque<AttemptResult> script;
        private final List<Instant> deadlines = new ArrayList<>();

        ScriptedProvider(AttemptResult... script) {
            this.script = new ArrayDeque<>(List.of(script));
        }

        @Override
        public String id() {
            return "openai";
        }

        /** Throws {@link NoSuchElementException} once the script is played, like a provider with a bug. */
        @Override
        public AttemptResult complete(CompletionRequest request, Instant deadline) {
            deadlines.add(deadline);
            return script.removeFirst();
        }
    }
}
