package io.llmrelay.worker.completion;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.ProviderFailure;

/**
 * Every attempt made for one request, in order, across the targets of its route, and how it ended.
 *
 * @param attempts   the provider calls made; empty when no target could be called (all breakers open, no rate-limit
 *                   room before the deadline)
 * @param unanswered why no target answered; null when the last attempt succeeded
 */
record CallOutcome(List<Attempt> attempts, Unanswered unanswered) {

    CallOutcome {
        attempts = List.copyOf(attempts);
        if (unanswered == null && (attempts.isEmpty()
                || !(attempts.getLast().result() instanceof AttemptResult.Answered))) {
            throw new IllegalArgumentException("an answered outcome ends with an answer");
        }
    }

    boolean answered() {
        return unanswered == null;
    }

    Attempt last() {
        return attempts.getLast();
    }

    /**
     * Why a request got no answer, in the terms of {@code ExternalAPIError}.
     *
     * @param provider   the provider of the last target tried (or refused)
     * @param statusCode HTTP status of the last provider answer, if any
     * @param code       machine-readable: the last failure's code, or {@code no_provider_available}
     * @param retryable  whether the same request may succeed later (a provider outage, limits), as opposed to a bad
     *                   request or a rejected credential
     * @param retryAfter when trying again is worth it, if known
     */
    record Unanswered(String provider, Integer statusCode, String message, String code, boolean retryable,
                      Optional<Duration> retryAfter) {

        /** One provider failure, and why no further attempt followed it (null: nothing to add). */
        static Unanswered of(ProviderFailure failure, String reason, boolean retryable) {
            return new Unanswered(failure.provider(), failure.httpStatus().stream().boxed().findFirst().orElse(null),
                    reason == null ? failure.message() : failure.message() + "; " + reason,
                    failure.code(), retryable, failure.retryAfter());
        }
    }
}
