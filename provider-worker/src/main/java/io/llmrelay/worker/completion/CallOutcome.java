package io.llmrelay.worker.completion;

import java.util.List;

import io.llmrelay.worker.provider.AttemptResult;

/**
 * Every attempt made for one request, in order; the last one decides the outcome.
 *
 * @param giveUpReason why no further attempt was made after a failure; null when the last attempt succeeded
 */
record CallOutcome(List<AttemptResult> attempts, String giveUpReason) {

    CallOutcome {
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("an outcome needs at least one attempt");
        }
        attempts = List.copyOf(attempts);
    }

    AttemptResult last() {
        return attempts.getLast();
    }
}
