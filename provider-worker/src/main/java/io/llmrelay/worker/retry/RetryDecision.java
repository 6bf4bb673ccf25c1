package io.llmrelay.worker.retry;

import java.time.Duration;

/** What to do after a failed attempt. */
public sealed interface RetryDecision {

    record Retry(Duration delay) implements RetryDecision {
    }

    /** @param reason why no further attempt is made, appended to the last failure's message */
    record GiveUp(String reason) implements RetryDecision {
    }
}
