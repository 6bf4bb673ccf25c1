package io.llmrelay.worker.provider;

import io.llmrelay.worker.provider.AttemptResult.Completion;

/**
 * A 2xx body as an adapter read it: the completion, or why the body is unusable. Exactly one of the two is set.
 * A body without usage is unusable: the call could not be billed, and billing zero silently is what the relay
 * must never do.
 */
public record ParsedAnswer(Completion completion, String problem) {

    public static ParsedAnswer of(Completion completion) {
        return new ParsedAnswer(completion, null);
    }

    public static ParsedAnswer unusable(String problem) {
        return new ParsedAnswer(null, problem);
    }
}
