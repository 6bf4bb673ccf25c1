package io.llmrelay.mock;

/** What the mock decided to answer a valid, authenticated request with. */
sealed interface Outcome {

    record Completion() implements Outcome {
    }

    /** 200 with a body a client cannot parse: a provider or proxy cutting the answer short. */
    record Malformed() implements Outcome {
    }

    record Failure(OpenAiError error) implements Outcome {
    }
}
