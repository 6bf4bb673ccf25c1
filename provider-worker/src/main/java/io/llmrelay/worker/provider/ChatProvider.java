package io.llmrelay.worker.provider;

import java.time.Instant;

import io.llmrelay.schemas.CompletionRequest;

/**
 * One attempt at a chat completion with one provider. Implementations classify every failure into a
 * {@link ProviderFailure} and never retry themselves: retries, and later breakers and fallback, belong
 * to the caller.
 */
public interface ChatProvider {

    /** Provider id, as written to results and usage events. */
    String id();

    /**
     * Sends the request once and waits for the answer, at most until {@code deadline}.
     *
     * @throws InvalidRequestException when the request cannot be expressed in the provider's API
     * @throws InterruptedException    when the worker is stopping; the request is then left for redelivery
     */
    AttemptResult complete(CompletionRequest request, Instant deadline) throws InterruptedException;
}
