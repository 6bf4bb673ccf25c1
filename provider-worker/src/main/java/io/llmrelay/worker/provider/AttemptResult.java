package io.llmrelay.worker.provider;

import java.time.Duration;
import java.time.Instant;

import io.llmrelay.schemas.TokenUsage;

/** What one provider attempt came to: an answer or a classified failure, with its measurements. */
public sealed interface AttemptResult {

    Stats stats();

    /** The provider completed the request. */
    record Answered(Completion completion, Stats stats) implements AttemptResult {
    }

    record Failed(ProviderFailure failure, Stats stats) implements AttemptResult {
    }

    /**
     * @param requestBytes  body bytes sent
     * @param responseBytes body bytes received; 0 without an answer
     * @param latency       from sending to the answer (or to giving up on it), measured on the monotonic clock;
     *                      never negative
     * @param endedAt       when the attempt ended, on the wall clock
     */
    record Stats(int requestBytes, int responseBytes, Duration latency, Instant endedAt) {

        public Stats {
            latency = latency.isNegative() ? Duration.ZERO : latency;
        }
    }

    /**
     * A completion as the provider answered it.
     *
     * @param model   the model that answered, as the provider named it (often a dated version)
     * @param content text of the first choice; null when the model answered with tool calls only
     */
    record Completion(String responseId, String model, String content, String finishReason, TokenUsage usage) {
    }
}
