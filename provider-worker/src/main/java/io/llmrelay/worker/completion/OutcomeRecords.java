package io.llmrelay.worker.completion;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.ExternalAPIError;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.worker.cost.Cost;
import io.llmrelay.worker.cost.Pricing;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.AttemptResult.Answered;
import io.llmrelay.worker.provider.AttemptResult.Completion;
import io.llmrelay.worker.provider.AttemptResult.Failed;
import io.llmrelay.worker.provider.Target;

/**
 * Turns what happened to a request into the records the worker writes: one {@link CompletionResult},
 * and one {@link UsageEvent} per attempt the provider may bill (it answered, it timed out mid-call, or the
 * connection broke after the request went out). Failed attempts carry zero tokens and cost 0 but are
 * recorded, so spend and error rates can be audited. Each usage event gets a fresh {@code attempt_id}: it
 * stands for one real provider call, so a request redelivered after a crash, whose calls are numbered from 1
 * again, is not taken for a resend of the earlier events.
 */
final class OutcomeRecords {

    static final String OPERATION = "chat.completions";
    static final String ENDPOINT = "/v1/chat/completions";
    static final String RELAY = "relay";
    private static final int MAX_USAGE_ERROR_CHARS = 200;

    private final Pricing pricing;
    private final Clock clock;
    private final LongSupplier nanoTime;

    /** @param nanoTime the monotonic clock latencies are measured on, {@code System::nanoTime} */
    OutcomeRecords(Pricing pricing, Clock clock, LongSupplier nanoTime) {
        this.pricing = pricing;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    record Records(CompletionResult result, List<UsageEvent> usage) {
    }

    /**
     * @param firstNumber number of the outcome's first attempt: 1, or one more than the attempts made before the
     *                    request was parked on the retry topic
     */
    Records of(CompletionRequest request, CallOutcome outcome, Taken taken, int firstNumber) {
        List<UsageEvent> usage = usage(request, outcome.attempts(), firstNumber);
        CompletionResult.Builder result = withCost(base(request, taken), usage)
                .setAttempts(firstNumber - 1 + outcome.attempts().size());
        if (outcome.answered()) {
            Attempt last = outcome.last();
            result.setProvider(last.target().provider());
            succeeded(result, ((Answered) last.result()).completion(), last.target());
        } else {
            CallOutcome.Unanswered unanswered = outcome.unanswered();
            result.setProvider(unanswered.provider())
                    .setStatus(CompletionStatus.FAILED)
                    .setError(error(unanswered));
        }
        return new Records(result.build(), usage);
    }

    /**
     * The usage events of the given attempts, numbered from {@code firstNumber}, leaving out those that never reached
     * the provider.
     */
    List<UsageEvent> usage(CompletionRequest request, List<Attempt> attempts, int firstNumber) {
        List<UsageEvent> usage = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            Attempt attempt = attempts.get(i);
            if (!(attempt.result() instanceof Failed failed) || failed.failure().reachedProvider()) {
                usage.add(usageEvent(request, attempt.target(), firstNumber + i, attempt.result()));
            }
        }
        return usage;
    }

    CompletionResult deadlineExceeded(CompletionRequest request, Taken taken) {
        Duration late = Duration.between(request.getDeadline(), taken.at());
        String message = "deadline " + request.getDeadline() + " passed " + late.toMillis()
                + " ms before the worker took the request; it was not sent to a provider";
        return base(request, taken).setStatus(CompletionStatus.DEADLINE_EXCEEDED)
                .setError(relayError(message, "deadline_exceeded")).build();
    }

    /** A budget of the request's user, team or key does not allow it: nothing was sent to a provider. */
    CompletionResult budgetExceeded(CompletionRequest request, String why, Taken taken) {
        return base(request, taken).setStatus(CompletionStatus.REJECTED)
                .setError(relayError(why, "budget_exceeded")).build();
    }

    /** No route for the model and no default provider: nothing to send it to. */
    CompletionResult notRouted(CompletionRequest request, Taken taken) {
        return base(request, taken).setStatus(CompletionStatus.FAILED)
                .setError(relayError("no route for model '" + request.getModel() + "' and no default provider"
                        + " (relay.routing.default-provider) to send it to", "model_not_routed")).build();
    }

    CompletionResult invalidRequest(CompletionRequest request, String why, Taken taken) {
        return base(request, taken).setStatus(CompletionStatus.FAILED)
                .setError(relayError("the request cannot be sent to a provider: " + why, "invalid_request")).build();
    }

    /**
     * The answer to a request the worker failed on unexpectedly (a bug, or Kafka refusing its result). The
     * message names only the exception's class: its message may quote the request or a credential.
     *
     * @param attempts provider calls made for the request
     * @param usage    their usage events; null when they could not be built, which leaves the result unpriced
     */
    Records internalError(CompletionRequest request, List<Attempt> attempts, List<UsageEvent> usage,
                          Throwable cause, Taken taken) {
        String message = "the relay failed while answering the request (" + cause.getClass().getName()
                + "); it is kept on the dead-letter topic for investigation";
        CompletionResult.Builder result = withCost(base(request, taken), usage == null ? List.of() : usage)
                .setProvider(attempts.isEmpty() ? null : attempts.getLast().target().provider())
                .setAttempts(attempts.size())
                .setStatus(CompletionStatus.FAILED)
                .setError(relayError(message, "internal_error"));
        if (usage == null) {
            result.setPriced(false);
        }
        return new Records(result.build(), usage == null ? List.of() : List.copyOf(usage));
    }

    private CompletionResult.Builder base(CompletionRequest request, Taken taken) {
        // the worker's share: from taking the request to answering it, retries and waits included
        long latencyNanos = Math.max(0, nanoTime.getAsLong() - taken.nanoTime());
        return CompletionResult.newBuilder()
                .setRequestId(request.getRequestId())
                .setUserId(request.getUserId())
                .setTeamId(request.getTeamId())
                .setKeyId(request.getKeyId())
                .setRequestedModel(request.getModel())
                .setAttempts(0)
                .setCostMicros(0)
                .setPriced(true)
                .setLatencyMs(TimeUnit.NANOSECONDS.toMillis(latencyNanos))
                .setCompletedAt(clock.instant());
    }

    private static CompletionResult.Builder withCost(CompletionResult.Builder result, List<UsageEvent> usage) {
        return result.setCostMicros(usage.stream().mapToLong(UsageEvent::getCostMicros).sum())
                .setPriced(usage.stream().allMatch(UsageEvent::getPriced));
    }

    private static void succeeded(CompletionResult.Builder result, Completion completion, Target target) {
        result.setStatus(CompletionStatus.SUCCEEDED)
                .setModel(completion.model() == null ? target.model() : completion.model())
                .setResponseId(completion.responseId())
                .setContent(completion.content())
                .setFinishReason(completion.finishReason())
                .setUsage(completion.usage());
    }

    private UsageEvent usageEvent(CompletionRequest request, Target target, int number, AttemptResult attempt) {
        String provider = target.provider();
        UsageEvent.Builder event = UsageEvent.newBuilder()
                .setRequestId(request.getRequestId())
                .setAttempt(number)
                .setAttemptId(UUID.randomUUID().toString())
                .setUserId(request.getUserId())
                .setTeamId(request.getTeamId())
                .setKeyId(request.getKeyId())
                .setProvider(provider)
                .setEndpoint(ENDPOINT)
                .setRequestBytes(attempt.stats().requestBytes())
                .setResponseBytes(attempt.stats().responseBytes())
                .setLatencyMs(attempt.stats().latency().toMillis())
                .setOccurredAt(attempt.stats().endedAt());
        TokenUsage tokens;
        String model;
        switch (attempt) {
            case Answered answered -> {
                tokens = answered.completion().usage();
                model = answered.completion().model() == null ? target.model() : answered.completion().model();
                event.setSuccess(true).setStatusCode(200);
            }
            case Failed failed -> {
                tokens = new TokenUsage(0, 0, 0);
                model = target.model();
                event.setSuccess(false)
                        .setStatusCode(failed.failure().httpStatus().stream().boxed().findFirst().orElse(null))
                        .setErrorMessage(shorten(failed.failure().message()));
            }
        }
        Cost cost = pricing.cost(provider, model, tokens);
        return event.setModel(model).setUsage(tokens)
                .setCostMicros(cost.micros()).setPriced(cost.priced()).setPrice(cost.priceAvro())
                .build();
    }

    private static ExternalAPIError error(CallOutcome.Unanswered unanswered) {
        return ExternalAPIError.newBuilder()
                .setProvider(unanswered.provider())
                .setOperation(OPERATION)
                .setStatusCode(unanswered.statusCode())
                .setMessage(unanswered.message())
                .setRetryable(unanswered.retryable())
                .setRetryAfterMs(unanswered.retryAfter().map(Duration::toMillis).orElse(null))
                .setCode(unanswered.code())
                .build();
    }

    private static ExternalAPIError relayError(String message, String code) {
        return ExternalAPIError.newBuilder().setProvider(RELAY).setOperation(OPERATION).setStatusCode(null)
                .setMessage(message).setRetryable(false).setRetryAfterMs(null).setCode(code).build();
    }

    private static String shorten(String message) {
        return message.length() <= MAX_USAGE_ERROR_CHARS
                ? message
                : message.substring(0, MAX_USAGE_ERROR_CHARS) + "…";
    }
}
