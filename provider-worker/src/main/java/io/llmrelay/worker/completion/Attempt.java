package io.llmrelay.worker.completion;

import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.Target;

/** One provider call made for a request: where it went and how it ended. */
record Attempt(Target target, AttemptResult result) {
}
