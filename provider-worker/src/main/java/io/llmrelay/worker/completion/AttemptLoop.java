package io.llmrelay.worker.completion;

import java.time.Clock;
import java.util.List;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.retry.RetryDecision;
import io.llmrelay.worker.retry.RetryPolicy;

/**
 * Calls the provider until it answers or the retry policy gives up. Waits between attempts by sleeping
 * the request's virtual thread, which holds no platform thread while it sleeps.
 */
final class AttemptLoop {

    private final ChatProvider provider;
    private final RetryPolicy policy;
    private final Clock clock;
    private final ProviderCallMetrics metrics;

    AttemptLoop(ChatProvider provider, RetryPolicy policy, Clock clock, ProviderCallMetrics metrics) {
        this.provider = provider;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
    }

    String providerId() {
        return provider.id();
    }

    /**
     * @param made receives every attempt as it ends, so that a caller whose loop failed unexpectedly (a
     *             provider or a retry throwing) still knows which provider calls were made and may be billed
     */
    CallOutcome run(CompletionRequest request, List<AttemptResult> made) throws InterruptedException {
        RetryPolicy.Retries retries = policy.forDeadline(request.getDeadline());
        while (true) {
            AttemptResult attempt = metrics.measure(provider.id(), request.getModel(),
                    () -> provider.complete(request, request.getDeadline()));
            made.add(attempt);
            if (!(attempt instanceof AttemptResult.Failed failed)) {
                return new CallOutcome(made, null);
            }
            switch (retries.after(failed.failure(), clock.instant())) {
                case RetryDecision.Retry retry -> {
                    metrics.retrying(provider.id(), failed.failure(), retry.delay());
                    Thread.sleep(retry.delay());
                }
                case RetryDecision.GiveUp giveUp -> {
                    return new CallOutcome(made, giveUp.reason());
                }
            }
        }
    }
}
