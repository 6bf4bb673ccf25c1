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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
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
import io.llmrelay.worker.provider.ProviderFailure.CallerError;
import io.llmrelay.worker.provider.ProviderFailure.CredentialRejected;
import io.llmrelay.worker.provider.ProviderFailure.RateLimited;
import io.llmrelay.worker.provider.ProviderFailure.ServerError;
import io.llmrelay.worker.provider.Target;
import io.llmrelay.worker.retry.RetryPolicy;
import io.llmrelay.worker.routing.LatencyTracker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class FallbackLoopTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final AttemptResult.Stats STATS = new AttemptResult.Stats(10, 10, Duration.ofMillis(5), NOW);
    private static final Target PRIMARY = new Target("openai", "gpt-4o-mini");
    private static final Target SECONDARY = new Target("anthropic", "claude-haiku-4-5");
    private static final Answered ANSWER =
            new Answered(new Completion("id", "gpt-4o-mini", "Hi", "stop", new TokenUsage(1, 1, 0)), STATS);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProviderCallMetrics metrics = new ProviderCallMetrics(registry, new ModelLabels(PriceTable.of(List.of(
            new ModelPrice("openai", "gpt-4o-mini", 150_000, 75_000, 600_000, "test", "2026-11-01")))));
    // zero jitter: retries follow at once, so the test does not wait
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5), ceiling -> 0);
    private final Map<String, ScriptedProvider> providers = new HashMap<>();
    private final RecordingGate gate = new RecordingGate();

    @Test
    void retriesOneTargetUntilItAnswers() throws InterruptedException {
        script(PRIMARY, serverError("openai"), serverError("openai"), ANSWER);

        CallOutcome outcome = run(List.of(PRIMARY, SECONDARY));

        assertThat(outcome.answered()).isTrue();
        assertThat(outcome.attempts()).extracting(Attempt::target).containsExactly(PRIMARY, PRIMARY, PRIMARY);
        assertThat(gate.finished).hasSize(3);
    }

    @Test
    void fallsBackToTheNextTargetWhenTheFirstHasSpentItsRetries() throws InterruptedException {
        script(PRIMARY, serverError("openai"), serverError("openai"), serverError("openai"));
        script(SECONDARY, ANSWER);

        CallOutcome outcome = run(List.of(PRIMARY, SECONDARY));

        assertThat(outcome.answered()).isTrue();
        assertThat(outcome.attempts()).extracting(Attempt::target)
                .containsExactly(PRIMARY, PRIMARY, PRIMARY, SECONDARY);
        assertThat(providers.get("anthropic").models).containsExactly("claude-haiku-4-5");
        assertThat(registry.get("relay.provider.fallbacks").tags("provider", "openai", "reason", "failed").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void skipsATargetWhoseBreakerIsOpenWithoutCallingIt() throws InterruptedException {
        script(PRIMARY, ANSWER);
        script(SECONDARY, ANSWER);
        gate.refuse(PRIMARY, "breaker_open");

        CallOutcome outcome = run(List.of(PRIMARY, SECONDARY));

        assertThat(outcome.attempts()).extracting(Attempt::target).containsExactly(SECONDARY);
        assertThat(providers.get("openai").models).isEmpty();
        assertThat(registry.get("relay.provider.refusals").tags("provider", "openai", "reason", "breaker_open")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void fallsBackWhenTheCredentialIsRejectedButNotWhenTheRequestItselfIsWrong() throws InterruptedException {
        script(PRIMARY, new Failed(new CredentialRejected("openai", 401, "bad key"), STATS));
        script(SECONDARY, ANSWER);
        assertThat(run(List.of(PRIMARY, SECONDARY)).answered()).isTrue();

        script(PRIMARY, new Failed(new CallerError("openai", 400, "max_tokens too large", "invalid_request_error"),
                STATS));
        script(SECONDARY, ANSWER);
        CallOutcome outcome = run(List.of(PRIMARY, SECONDARY));

        assertThat(outcome.answered()).isFalse();
        assertThat(outcome.unanswered().retryable()).isFalse();
        assertThat(outcome.unanswered().statusCode()).isEqualTo(400);
        assertThat(providers.get("anthropic").models).as("a bad request is not sent to the fallback").isEmpty();
    }

    @Test
    void withNoTargetCallableTheOutcomeSaysNoProviderIsAvailableAndThatLaterMayHelp() throws InterruptedException {
        gate.refuse(PRIMARY, "breaker_open");
        gate.refuse(SECONDARY, "rate_limited");

        CallOutcome outcome = run(List.of(PRIMARY, SECONDARY));

        assertThat(outcome.attempts()).isEmpty();
        assertThat(outcome.unanswered().code()).isEqualTo(FallbackLoop.NO_PROVIDER_AVAILABLE);
        assertThat(outcome.unanswered().retryable()).isTrue();
        assertThat(outcome.unanswered().retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(outcome.unanswered().message()).contains("openai/gpt-4o-mini", "anthropic/claude-haiku-4-5");
    }

    @Test
    void aSingleTargetThatFailsReportsItsOwnFailureAsBefore() throws InterruptedException {
        script(PRIMARY, serverError("openai"), serverError("openai"), serverError("openai"));

        CallOutcome outcome = run(List.of(PRIMARY));

        assertThat(outcome.unanswered().code()).isEqualTo("provider_error");
        assertThat(outcome.unanswered().statusCode()).isEqualTo(500);
        assertThat(outcome.unanswered().message()).endsWith("; gave up after 3 attempts");
        assertThat(outcome.unanswered().retryable()).isTrue();
    }

    @Test
    void aTargetWhoseBreakerOpensBetweenRetriesIsLeftWithItsOwnFailure() throws InterruptedException {
        script(PRIMARY, serverError("openai"), ANSWER);
        script(SECONDARY, ANSWER);
        gate.refuseAfter(PRIMARY, 1);

        CallOutcome outcome = run(List.of(PRIMARY, SECONDARY));

        assertThat(outcome.attempts()).extracting(Attempt::target).containsExactly(PRIMARY, SECONDARY);
        assertThat(outcome.answered()).isTrue();
    }

    @Test
    void everyAdmittedAttemptIsReportedToTheGateOnceEvenWhenTheAdapterThrows() {
        script(PRIMARY, serverError("openai"));
        List<Attempt> made = new ArrayList<>();

        assertThatThrownBy(() -> new FallbackLoop(providers::get, gate, policy, new LatencyTracker(), clock, metrics)
                .run(request(), List.of(PRIMARY), made)).isInstanceOf(NoSuchElementException.class);

        assertThat(made).hasSize(1);
        assertThat(gate.finished).hasSize(1);
        assertThat(gate.abandoned).isEqualTo(1);
    }

    @Test
    void metersEveryAttemptByOutcomeAndEveryRetryWithWhatCausedIt() throws InterruptedException {
        Failed rateLimited = new Failed(new RateLimited("openai", 429, "slow down", Optional.of(Duration.ofMillis(3))),
                STATS);
        script(PRIMARY, serverError("openai"), rateLimited, ANSWER);

        run(List.of(PRIMARY));

        assertThat(calls("server_error")).isEqualTo(1);
        assertThat(calls("rate_limited")).isEqualTo(1);
        assertThat(calls("success")).isEqualTo(1);
        assertThat(registry.get("relay.provider.retries").tag("outcome", "rate_limited").counter().count()).isEqualTo(1);
        assertThat(registry.get("relay.provider.rate.limit.waits").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(3);
        assertThat(registry.get("relay.provider.calls.active").gauge().value()).isZero();
    }

    private CallOutcome run(List<Target> order) throws InterruptedException {
        return new FallbackLoop(providers::get, gate, policy, new LatencyTracker(), clock, metrics)
                .run(request(), order, new ArrayList<>());
    }

    private double calls(String outcome) {
        return registry.get("relay.provider.calls").tags("provider", "openai", "model", "gpt-4o-mini", "outcome", outcome)
                .counter().count();
    }

    private void script(Target target, AttemptResult... results) {
        providers.put(target.provider(), new ScriptedProvider(target.provider(), results));
    }

    private static Failed serverError(String provider) {
        return new Failed(new ServerError(provider, 500, "failed", Optional.empty()), STATS);
    }

    private static CompletionRequest request() {
        return CompletionRequest.newBuilder().setRequestId("r-1").setUserId("u-1").setModel("fast")
                .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent("hi").build()))
                .setCreatedAt(NOW).setDeadline(NOW.plusSeconds(60)).build();
    }

    /** Admits everything except the targets told to refuse; records what it was told. */
    private static final class RecordingGate implements CallGate {

        final Set<Target> refused = new HashSet<>();
        final Map<Target, String> codes = new HashMap<>();
        final Map<Target, Integer> admitsLeft = new HashMap<>();
        final List<AttemptResult> finished = new ArrayList<>();
        int abandoned;

        void refuse(Target target, String code) {
            refused.add(target);
            codes.put(target, code);
        }

        void refuseAfter(Target target, int admits) {
            admitsLeft.put(target, admits);
            codes.put(target, "breaker_open");
        }

        @Override
        public Admission admit(Target target, CompletionRequest request, Instant deadline) {
            Integer left = admitsLeft.get(target);
            if (refused.contains(target) || (left != null && left <= 0)) {
                return new Admission.Refused(codes.get(target), target + " refused: " + codes.get(target),
                        Optional.of(Duration.ofSeconds(codes.get(target).equals("breaker_open") ? 30 : 7)));
            }
            if (left != null) {
                admitsLeft.put(target, left - 1);
            }
            return new Admission.Admitted(new Ticket() {
                @Override
                public void finished(AttemptResult result) {
                    RecordingGate.this.finished.add(result);
                }

                @Override
                public void abandoned() {
                    RecordingGate.this.abandoned++;
                }
            });
        }
    }

    private static final class ScriptedProvider implements ChatProvider {

        private final String id;
        private final Deque<AttemptResult> script;
        private final List<String> models = new ArrayList<>();

        ScriptedProvider(String id, AttemptResult... script) {
            this.id = id;
            this.script = new ArrayDeque<>(List.of(script));
        }

        @Override
        public String id() {
            return id;
        }

        /** Throws {@link NoSuchElementException} once the script is played, like a provider with a bug. */
        @Override
        public AttemptResult complete(CompletionRequest request, String model, Instant deadline) {
            models.add(model);
            return script.removeFirst();
        }
    }
}
