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
import io.llmrelay.worker.provider.ProviderFailure;

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

    Records of(CompletionRequest request, String provider, CallOutcome outcome, Taken taken) {
        List<UsageEvent> usage = usage(request, provider, outcome.attempts());
        CompletionResult.Builder result = withCost(base(request, taken), usage)
                .setProvider(provider)
                .setAttempts(outcome.attempts().size());
        switch (outcome.last()) {
            case Answered answered -> succeeded(result, answered.completion(), request);
            case Failed failed -> result.setStatus(CompletionStatus.FAILED)
                    .setError(error(failed.failure(), outcome.giveUpReason()));
        }
        return new Records(result.build(), usage);
    }

    /** The usage events of the given attempts, numbered from 1, leaving out those that never reached the provider. */
    List<UsageEvent> usage(CompletionRequest request, String provider, List<AttemptResult> attempts) {
        List<UsageEvent> usage = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            AttemptResult attempt = attempts.get(i);
            if (!(attempt instanceof Failed failed) || failed.failure().reachedProvider()) {
                usage.add(usageEvent(request, provider, i + 1, attempt));
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
    Records internalError(CompletionRequest request, String provider, int attempts, List<UsageEvent> usage,
                          Throwable cause, Taken taken) {
        String message = "the relay failed while answering the request (" + cause.getClass().getName()
                + "); it is kept on the dead-letter topic for investigation";
        CompletionResult.Builder result = withCost(base(request, taken), usage == null ? List.of() : usage)
                .setProvider(attempts > 0 ? provider : null)
                .setAttempts(attempts)
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

    private static void succeeded(CompletionResult.Builder result, Completion completion, CompletionRequest request) {
        result.setStatus(CompletionStatus.SUCCEEDED)
                .setModel(completion.model() == null ? request.getModel() : completion.model())
                .setResponseId(completion.responseId())
                .setContent(completion.content())
                .setFinishReason(completion.finishReason())
                .setUsage(completion.usage());
    }

    private UsageEvent usageEvent(CompletionRequest request, String provider, int number, AttemptResult attempt) {
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
                model = answered.completion().model() == null ? request.getModel() : answered.completion().model();
                event.setSuccess(true).setStatusCode(200);
            }
            case Failed failed -> {
                tokens = new TokenUsage(0, 0, 0);
                model = request.getModel();
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

    private static ExternalAPIError error(ProviderFailure failure, String giveUpReason) {
        return ExternalAPIError.newBuilder()
                .setProvider(failure.provider())
                .setOperation(OPERATION)
                .setStatusCode(failure.httpStatus().stream().boxed().findFirst().orElse(null))
                .setMessage(giveUpReason == null ? failure.message() : failure.message() + "; " + giveUpReason)
                .setRetryable(failure.retryable())
                .setRetryAfterMs(failure.retryAfter().map(Duration::toMillis).orElse(null))
                .setCode(failure.code())
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
