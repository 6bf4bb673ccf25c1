package io.llmrelay.worker.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

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
import org.junit.jupiter.api.Test;

class OutcomeRecordsTest {

    private static final Instant STARTED = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant NOW = STARTED.plusMillis(1234);

    private final Pricing pricing = new Pricing(PriceTable.of(List.of(
            new ModelPrice("openai", "gpt-4o-mini", 150_000, 75_000, 600_000, "test prices", "2026-11-01"))));
    private final OutcomeRecords records = new OutcomeRecords(pricing, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aSuccessAfterAServerErrorBillsTheSuccessAndRecordsBothAttempts() {
        CallOutcome outcome = new CallOutcome(List.of(
                new Failed(new ServerError("openai", 500, "provider 'openai' failed (500)", Optional.empty()), stats(80, 30)),
                new Answered(new Completion("chatcmpl-1", "gpt-4o-mini-2024-07-18", "Hi", "stop",
                        new TokenUsage(1000, 500, 0)), stats(80, 400))), null);

        OutcomeRecords.Records written = records.of(request(), "openai", outcome, STARTED);

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
    void anAttemptThatNeverReachedTheProviderIsNotAUsageEvent() {
        CallOutcome outcome = new CallOutcome(List.of(
                new Failed(new ConnectionFailed("openai", "cannot reach provider 'openai'"), stats(80, 0)),
                new Failed(new Timeout("openai", "provider 'openai' did not answer within 30000 ms"), stats(80, 0))),
                "gave up after 2 attempts");

        OutcomeRecords.Records written = records.of(request(), "openai", outcome, STARTED);

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

        CompletionResult result = records.deadlineExceeded(request, STARTED);

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
        CallOutcome outcome = new CallOutcome(List.of(new Answered(new Completion("chatcmpl-2", "gpt-9-ultra", "Hi",
                "stop", new TokenUsage(10, 10, 0)), stats(80, 400))), null);

        OutcomeRecords.Records written = records.of(request, "openai", outcome, STARTED);

        assertThat(written.result().getPriced()).isFalse();
        assertThat(written.result().getCostMicros()).isZero();
        assertThat(written.usage().getFirst().getPriced()).isFalse();
        assertThat(written.usage().getFirst().getPrice()).isNull();
        assertThat(pricing.unpricedCount()).isEqualTo(1);
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
