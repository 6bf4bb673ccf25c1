package io.llmrelay.worker.provider;

import java.time.Duration;
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
     * @param model the target's model, in this provider's naming: a route alias maps one requested model to
     *              different model names at different providers, so the request's own model is not used
     * @throws InvalidRequestException when the request cannot be expressed in the provider's API
     * @throws InterruptedException    when the worker is stopping; the request is then left for redelivery
     */
    AttemptResult complete(CompletionRequest request, String model, Instant deadline) throws InterruptedException;

    /**
     * A cheap authenticated call that shows whether the provider is reachable and takes the credential, for the
     * optional active health probe: a model list, never a completion (it bills nothing). Does not mark a rejected
     * credential bad: only real calls do, so a probe never changes which credential requests use.
     *
     * @param timeout the whole call, at most
     * @throws InterruptedException when the worker is stopping
     */
    default ProbeResult probe(Duration timeout) throws InterruptedException {
        return ProbeResult.unsupported();
    }
}
