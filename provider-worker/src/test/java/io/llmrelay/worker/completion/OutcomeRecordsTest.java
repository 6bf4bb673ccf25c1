package io.llmrelay.worker.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.ExternalAPIError;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.worker.cost.ModelPrice;
import io.llmrelay.worker.cost.PriceTable;
import io.llmrelay.worker.cost.Pricing;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.AttemptResult.Answered;
import io.llmrelay.worker.provider.AttemptResult.Completion;
import io.llmrelay.worker.provider.AttemptResult.Failed;
import io.llmrelay.worker.provider.ProviderFailure.ConnectionFailed;
import io.llmrelay.worker.provider.ProviderFailure.ServerError;
import io.llmrelay.worker.provider.ProviderFailure.Timeout;
import io.llmrelay.worker.provider.Target;
import org.junit.jupiter.api.Test;

class OutcomeRecordsTest {

    private static final Instant STARTED = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant NOW = STARTED.plusMillis(1234);
    /** Taken at 5 s on the monotonic clock, which has moved on by 1 234 ms since. */
    private static final Taken TAKEN = new Taken(STARTED, Duration.ofSeconds(5).toNanos());

    private final AtomicLong nanoTime = new AtomicLong(TAKEN.nanoTime() + Duration.ofMillis(1234).toNanos());
    private final Pricing pricing = new Pricing(PriceTable.of(List.of(
            new ModelPrice("openai", "gpt-4o-mini", 150_000, 75_000, 600_000, "test prices", "2026-11-01"))));
    private final OutcomeRecords records = new OutcomeRecords(pricing, Clock.fixed(NOW, ZoneOffset.UTC), nanoTime::get);

    @Test
    void aSuccessAfterAServerErrorBillsTheSuccessAndRecordsBothAttempts() {
        CallOutcome outcome = outcome(
                new Failed(new ServerError("openai", 500, "provider 'openai' failed (500)", Optional.empty()), stats(80, 30)),
                new Answered(new Completion("chatcmpl-1", "gpt-4o-mini-2024-07-18", "Hi", "stop",
                        new TokenUsage(1000, 500, 0)), stats(80, 400)));

        OutcomeRecords.Records written = records.of(request(), outcome, TAKEN, 1);

        CompletionResult result = written.result();
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        assertThat(result.getAttempts()).isEqualTo(2);
        assertThat(result.getCostMicros()).isEqualTo(450);
        assertThat(result.getPriced()).isTrue();
        assertThat(result.getModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(result.getRequestedModel()).isEqualTo("gpt-4o-mini");
        assertThat(result.getContent()).isEqualTo("Hi");
        assertThat(result.getLatencyMs()).isEqualTo(1234);
        assertThat(result.getError()).isNull();

        assertThat(written.usage()).extracting(UsageEvent::getAttempt, UsageEvent::getSuccess, UsageEvent::getStatusCode,
                UsageEvent::getCostMicros).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, false, 500, 0L),
                org.assertj.core.groups.Tuple.tuple(2, true, 200, 450L));
        UsageEvent failed = written.usage().getFirst();
        assertThat(failed.getUsage()).isEqualTo(new TokenUsage(0, 0, 0));
        assertThat(failed.getErrorMessage()).isEqualTo("provider 'openai' failed (500)");
        UsageEvent billed = written.usage().getLast();
        assertThat(billed.getPrice().getSource()).isEqualTo("test prices");
        assertThat(billed.getEndpoint()).isEqualTo("/v1/chat/completions");
        assertThat(billed.getResponseBytes()).isEqualTo(400);
        assertThat(billed.getTeamId()).isEqualTo("team-1");
    }

    @Test
    void everyUsageEventNamesItsProviderCallWithAFreshAttemptId() {
        CallOutcome outcome = outcome(
                new Failed(new ServerError("openai", 500, "failed", Optional.empty()), stats(80, 30)),
                new Answered(new Completion("chatcmpl-1", "gpt-4o-mini", "Hi", "stop", new TokenUsage(10, 5, 0)),
                        stats(80, 400)));

        List<UsageEvent> first = records.of(request(), outcome, TAKEN, 1).usage();
        List<UsageEvent> again = records.of(request(), outcome, TAKEN, 1).usage();

        assertThat(first).extracting(UsageEvent::getAttemptId).doesNotContainNull()
                .allSatisfy(id -> assertThat(UUID.fromString(id).toString()).isEqualTo(id))
                .doesNotHaveDuplicates();
        assertThat(again).extracting(UsageEvent::getAttemptId).as("calls made again after a redelivery")
                .doesNotContainAnyElementsOf(first.stream().map(UsageEvent::getAttemptId).toList());
    }

    @Test
    void aConnectionThatBrokeAfterTheRequestMayHaveBeenSentIsAUsageEventWithoutTokens() {
        CallOutcome outcome = failed("gave up after 1 attempts", new Failed(new ConnectionFailed("openai",
                "connection to provider 'openai' failed after the request may have been sent", true),
                stats(80, 0)));

        OutcomeRecords.Records written = records.of(request(), outcome, TAKEN, 1);

        assertThat(written.usage()).singleElement().satisfies(event -> {
            assertThat(event.getSuccess()).isFalse();
            assertThat(event.getUsage()).isEqualTo(new TokenUsage(0, 0, 0));
            assertThat(event.getCostMicros()).isZero();
            assertThat(event.getStatusCode()).isNull();
            assertThat(event.getErrorMessage()).contains("after the request may have been sent");
        });
    }

    @Test
    void anAttemptThatNeverReachedTheProviderIsNotAUsageEvent() {
        CallOutcome outcome = failed("gave up after 2 attempts",
                new Failed(new ConnectionFailed("openai", "cannot reach provider 'openai'", false), stats(80, 0)),
                new Failed(new Timeout("openai", "provider 'openai' did not answer within 30000 ms"), stats(80, 0)));

        OutcomeRecords.Records written = records.of(request(), outcome, TAKEN, 1);

        assertThat(written.usage()).extracting(UsageEvent::getAttempt).containsExactly(2);
        assertThat(written.usage().getFirst().getStatusCode()).isNull();
        CompletionResult result = written.result();
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.FAILED);
        assertThat(result.getAttempts()).isEqualTo(2);
        assertThat(result.getUsage()).isNull();
        assertThat(result.getError()).isEqualTo(new ExternalAPIError("openai", "chat.completions", null,
                "provider 'openai' did not answer within 30000 ms; gave up after 2 attempts", true, null, "provider_timeout"));
    }

    @Test
    void aRequestPastItsDeadlineSaysByHowMuchAndThatNothingWasSent() {
        CompletionRequest request = request();
        request.setDeadline(STARTED.minusMillis(2500));

        CompletionResult result = records.deadlineExceeded(request, TAKEN);

        assertThat(result.getStatus()).isEqualTo(CompletionStatus.DEADLINE_EXCEEDED);
        assertThat(result.getAttempts()).isZero();
        assertThat(result.getProvider()).isNull();
        ExternalAPIError error = result.getError();
        assertThat(error.getProvider()).isEqualTo("relay");
        assertThat(error.getOperation()).isEqualTo("chat.completions");
        assertThat(error.getCode()).isEqualTo("deadline_exceeded");
        assertThat(error.getRetryable()).isFalse();
        assertThat(error.getMessage()).contains("passed 2500 ms before").contains("not sent to a provider");
    }

    @Test
    void usageOfAnUnknownModelMakesTheResultUnpriced() {
        CompletionRequest request = request();
        request.setModel("gpt-9-ultra");
        CallOutcome outcome = outcome(new Answered(new Completion("chatcmpl-2", "gpt-9-ultra", "Hi",
                "stop", new TokenUsage(10, 10, 0)), stats(80, 400)));

        OutcomeRecords.Records written = records.of(request, outcome, TAKEN, 1);

        assertThat(written.result().getPriced()).isFalse();
        assertThat(written.result().getCostMicros()).isZero();
        assertThat(written.usage().getFirst().getPriced()).isFalse();
        assertThat(written.usage().getFirst().getPrice()).isNull();
        assertThat(pricing.unpricedCount()).isEqualTo(1);
    }

    @Test
    void anInternalErrorNamesTheExceptionClassOnlyAndCarriesTheUsageOfTheCallsMade() {
        CompletionRequest request = request();
        CallOutcome outcome = outcome(new Answered(new Completion("chatcmpl-3", "gpt-4o-mini", "Hi",
                "stop", new TokenUsage(1000, 500, 0)), stats(80, 400)));
        List<UsageEvent> usage = records.of(request, outcome, TAKEN, 1).usage();
        ArithmeticException cause = new ArithmeticException("long overflow pricing 'hi' for key-1");

        OutcomeRecords.Records written = records.internalError(request, outcome.attempts(), usage, cause, TAKEN);

        CompletionResult result = written.result();
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.FAILED);
        assertThat(result.getAttempts()).isEqualTo(1);
        assertThat(result.getProvider()).isEqualTo("openai");
        assertThat(result.getCostMicros()).isEqualTo(450);
        assertThat(result.getContent()).isNull();
        ExternalAPIError error = result.getError();
        assertThat(error.getProvider()).isEqualTo("relay");
        assertThat(error.getCode()).isEqualTo("internal_error");
        assertThat(error.getRetryable()).isFalse();
        assertThat(error.getStatusCode()).isNull();
        assertThat(error.getMessage()).contains("java.lang.ArithmeticException")
                .doesNotContain("overflow").doesNotContain("hi'").doesNotContain("key-1");
        assertThat(written.usage()).as("the same events, with the same attempt ids").isEqualTo(usage);
    }

    @Test
    void anInternalErrorBeforeAnyCallNamesNoProvider() {
        CompletionResult result = records.internalError(request(), List.of(), List.of(),
                new IllegalStateException("bug"), TAKEN).result();

        assertThat(result.getProvider()).isNull();
        assertThat(result.getAttempts()).isZero();
        assertThat(result.getCostMicros()).isZero();
        assertThat(result.getPriced()).isTrue();
    }

    @Test
    void anInternalErrorWhoseUsageCouldNotBeBuiltIsUnpriced() {
        OutcomeRecords.Records written = records.internalError(request(), twoAttempts(), null,
                new ArithmeticException("long overflow"), TAKEN);

        assertThat(written.result().getPriced()).isFalse();
        assertThat(written.result().getCostMicros()).isZero();
        assertThat(written.result().getAttempts()).isEqualTo(2);
        assertThat(written.usage()).isEmpty();
    }

    @Test
    void latencyIsMeasuredOnTheMonotonicClockAndNeverNegative() {
        CallOutcome outcome = failed("gave up", new Failed(new ServerError("openai", 500, "failed",
                Optional.empty()), stats(80, 30)));
        nanoTime.set(TAKEN.nanoTime() + Duration.ofMillis(700).toNanos());
        assertThat(records.of(request(), outcome, TAKEN, 1).result().getLatencyMs())
                .as("the wall clock says 1234 ms").isEqualTo(700);

        nanoTime.set(TAKEN.nanoTime() - 1);

        assertThat(records.of(request(), outcome, TAKEN, 1).result().getLatencyMs()).isZero();
        assertThat(new AttemptResult.Stats(1, 1, Duration.ofMillis(-3), NOW).latency()).isZero();
    }

    private static final Target TARGET = new Target("openai", "gpt-4o-mini");

    /** Attempts at one target that ended with an answer. */
    private static CallOutcome outcome(AttemptResult... attempts) {
        return new CallOutcome(attemptsAt(attempts), null);
    }

    /** Attempts at one target that ended with the last one's failure, given up for {@code reason}. */
    private static CallOutcome failed(String reason, AttemptResult... attempts) {
        Failed last = (Failed) attempts[attempts.length - 1];
        return new CallOutcome(attemptsAt(attempts),
                CallOutcome.Unanswered.of(last.failure(), reason, last.failure().retryable()));
    }

    private static List<Attempt> attemptsAt(AttemptResult... attempts) {
        return Arrays.stream(attempts).map(a -> new Attempt(TARGET, a)).toList();
    }

    private static List<Attempt> twoAttempts() {
        Failed failed = new Failed(new ServerError("openai", 500, "failed", Optional.empty()), stats(80, 30));
        return attemptsAt(failed, failed);
    }

    private static AttemptResult.Stats stats(int requestBytes, int responseBytes) {
        return new AttemptResult.Stats(requestBytes, responseBytes, Duration.ofMillis(300), NOW);
    }

    private static CompletionRequest request() {
        return CompletionRequest.newBuilder()
                .setRequestId("00000000-0000-0000-0000-000000000001")
                .setUserId("user-1")
                .setTeamId("team-1")
                .setModel("gpt-4o-mini")
                .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent("hi").build()))
                .setCreatedAt(STARTED)
                .setDeadline(STARTED.plusSeconds(60))
                .build();
    }
}
