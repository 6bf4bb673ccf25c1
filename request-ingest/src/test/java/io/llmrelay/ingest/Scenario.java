package io.llmrelay.ingest;

import java.util.Optional;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.ExternalAPIError;

/** What the fake worker does with a request, chosen by the prompt; anything else is echoed back. */
enum Scenario {

    ECHO(null) {
        @Override
        Optional<CompletionResult> answer(CompletionRequest request) {
            String prompt = request.getMessages().getLast().getContent();
            return Optional.of(FakeWorker.succeeded(request, "echo: " + prompt).build());
        }
    },
    PROVIDER_UNAVAILABLE("scenario:provider-503") {
        @Override
        Optional<CompletionResult> answer(CompletionRequest request) {
            return Optional.of(failed(request, CompletionStatus.FAILED, ExternalAPIError.newBuilder()
                    .setProvider("openai").setOperation("chat.completions").setStatusCode(503)
                    .setMessage("openai answered 503 three times").setRetryable(true).setRetryAfterMs(2000L)
                    .setCode("provider_error").build()));
        }
    },
    PROVIDER_REFUSED("scenario:provider-400") {
        @Override
        Optional<CompletionResult> answer(CompletionRequest request) {
            return Optional.of(failed(request, CompletionStatus.FAILED, ExternalAPIError.newBuilder()
                    .setProvider("openai").setOperation("chat.completions").setStatusCode(400)
                    .setMessage("Invalid 'tools[0].function.name': string does not match pattern.")
                    .setRetryable(false).setCode("invalid_value").build()));
        }
    },
    WORKER_REFUSED("scenario:worker-invalid") {
        @Override
        Optional<CompletionResult> answer(CompletionRequest request) {
            // what provider-worker writes when it cannot turn the request into a provider call: no status code
            return Optional.of(failed(request, CompletionStatus.FAILED, ExternalAPIError.newBuilder()
                    .setProvider("relay").setOperation("chat.completions").setStatusCode(null)
                    .setMessage("the request cannot be sent to a provider: tools is not valid JSON")
                    .setRetryable(false).setCode("invalid_request").build()));
        }
    },
    BUDGET_EXCEEDED("scenario:budget") {
        @Override
        Optional<CompletionResult> answer(CompletionRequest request) {
            return Optional.of(failed(request, CompletionStatus.REJECTED, null));
        }
    },
    DEADLINE_EXCEEDED("scenario:deadline") {
        @Override
        Optional<CompletionResult> answer(CompletionRequest request) {
            return Optional.of(failed(request, CompletionStatus.DEADLINE_EXCEEDED, ExternalAPIError.newBuilder()
                    .setProvider("relay").setOperation("chat.completions").setMessage("deadline passed in the queue")
                    .setRetryable(true).setCode("deadline_exceeded").build()));
        }
    },
    SILENCE("scenario:silence") {
        @Override
        Optional<CompletionResult> answer(CompletionRequest request) {
            return Optional.empty();
        }
    };

    private final String prompt;

    Scenario(String prompt) {
        this.prompt = prompt;
    }

    String prompt() {
        return prompt;
    }

    abstract Optional<CompletionResult> answer(CompletionRequest request);

    static Scenario of(String prompt) {
        for (Scenario scenario : values()) {
            if (scenario.prompt != null && scenario.prompt.equals(prompt)) {
                return scenario;
            }
        }
        return ECHO;
    }

    private static CompletionResult failed(CompletionRequest request, CompletionStatus status, ExternalAPIError error) {
        return FakeWorker.succeeded(request, null).setStatus(status).setUsage(null).setFinishReason(null)
                .setCostMicros(0).setError(error).build();
    }
}
