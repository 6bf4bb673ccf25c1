package io.llmrelay.mock;

/** A request the mock refuses before doing any work, with the OpenAI error to answer. */
final class RejectedRequest extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient OpenAiError error;

    RejectedRequest(OpenAiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    OpenAiError error() {
        return error;
    }
}
