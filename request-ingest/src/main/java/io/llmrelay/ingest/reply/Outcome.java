package io.llmrelay.ingest.reply;

import java.time.Duration;

import io.llmrelay.schemas.CompletionResult;

/** How the wait for a request's result ended. */
public sealed interface Outcome {

    /** A worker answered; the result says whether it succeeded. */
    record Answered(CompletionResult result) implements Outcome {
    }

    /** Kafka did not take the request, so no worker will ever see it. */
    record NotPublished(Throwable cause) implements Outcome {
    }

    /** No result arrived before the request's deadline. A worker may still be working on it. */
    record TimedOut(Duration waited) implements Outcome {
    }
}
