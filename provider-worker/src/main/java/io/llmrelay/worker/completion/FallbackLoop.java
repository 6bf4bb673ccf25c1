package io.llmrelay.worker.completion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.provider.ProviderFailure;
import io.llmrelay.worker.provider.Target;
import io.llmrelay.worker.retry.RetryDecision;
import io.llmrelay.worker.retry.RetryPolicy;
import io.llmrelay.worker.routing.LatencyTracker;

/**
 * Answers one request from the targets of its route, in the order given: each target is retried under the retry
 * policy (backoff with full jitter, bounded by attempts and the deadline), and when it cannot answer (its breaker is
 * open, its limits have no room before the deadline, its credential is refused, or its retries are spent) the next
 * target is tried. A caller error (a 4xx other than 401/403/429) ends the request at once: another provider would
 * refuse it too. Waits sleep the request's virtual thread, which holds no platform thread while it sleeps.
 */
final class FallbackLoop {

    static final String NO_PROVIDER_AVAILABLE = "no_provider_available";

    private final Function<String, ChatProvider> providers;
    private final CallGate gate;
    private final RetryPolicy policy;
    private final LatencyTracker latencies;
    private final Clock clock;
    private final ProviderCallMetrics metrics;

    /** @param providers the adapter of a configured provider id */
    FallbackLoop(Function<String, ChatProvider> providers, CallGate gate, RetryPolicy policy, LatencyTracker latencies,
                 Clock clock, ProviderCallMetrics metrics) {
        this.providers = providers;
        this.gate = gate;
        this.policy = policy;
        this.latencies = latencies;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** How trying one target ended. */
    private sealed interface TargetEnd {

        record Answered() implements TargetEnd {
        }

        /** The request itself is wrong: no other target is tried. */
        record Final(ProviderFailure failure, String reason) implements TargetEnd {
        }

        /** The target failed; the next one may answer. */
        record Failed(ProviderFailure failure, String reason) implements TargetEnd {
        }

        /** The target was not called (again). */
        record Refused(CallGate.Admission.Refused refusal) implements TargetEnd {
        }
    }

    /**
     * @param order targets to try, best first (from the route's strategy)
     * @param made  receives every attempt as it ends, so that a caller whose loop failed unexpectedly (an adapter
     *              throwing) still knows which provider calls were made and may be billed
     */
    CallOutcome run(CompletionRequest request, List<Target> order, List<Attempt> made) throws InterruptedException {
        List<String> why = new ArrayList<>();
        ProviderFailure lastFailure = null;
        String lastReason = null;
        boolean laterMayHelp = false;
        Optional<Duration> soonest = Optional.empty();
        String lastProvider = order.getFirst().provider();
        for (int i = 0; i < order.size(); i++) {
            Target target = order.get(i);
            lastProvider = target.provider();
            TargetEnd end = tryTarget(request, target, made);
            switch (end) {
                case TargetEnd.Answered _ -> {
                    return new CallOutcome(made, null);
                }
                case TargetEnd.Final fin -> {
                    return new CallOutcome(made, CallOutcome.Unanswered.of(fin.failure(), fin.reason(), false));
                }
                case TargetEnd.Failed failed -> {
                    lastFailure = failed.failure();
                    lastReason = failed.reason();
                    laterMayHelp |= failed.failure().retryable();
                    soonest = earliest(soonest, failed.failure().retryAfter());
                    why.add(target + ": " + failed.failure().code() + " (" + failed.reason() + ")");
                }
                case TargetEnd.Refused refused -> {
                    laterMayHelp = true;
                    soonest = earliest(soonest, refused.refusal().retryAfter());
                    why.add(target + ": " + refused.refusal().reason());
                }
            }
            if (i + 1 < order.size()) {
                metrics.fellBack(target, end instanceof TargetEnd.Refused r ? r.refusal().code() : "failed");
            }
        }
        if (why.size() == 1 && lastFailure != null) {
            // one target, one way of failing: the provider's own failure says it best
            return new CallOutcome(made, CallOutcome.Unanswered.of(lastFailure, lastReason, lastFailure.retryable()));
        }
        String message = "no target could answer: " + String.join("; ", why);
        if (lastFailure != null && made.stream().anyMatch(a -> a.result() instanceof AttemptResult.Failed)) {
            Integer status = lastFailure.httpStatus().stream().boxed().findFirst().orElse(null);
            return new CallOutcome(made, new CallOutcome.Unanswered(lastProvider, status, message,
                    laterMayHelp ? NO_PROVIDER_AVAILABLE : lastFailure.code(), laterMayHelp, soonest));
        }
        return new CallOutcome(made, new CallOutcome.Unanswered(lastProvider, null, message, NO_PROVIDER_AVAILABLE,
                laterMayHelp, soonest));
    }

    private TargetEnd tryTarget(CompletionRequest request, Target target, List<Attempt> made)
            throws InterruptedException {
        Instant deadline = request.getDeadline();
        RetryPolicy.Retries retries = policy.forDeadline(deadline);
        ChatProvider provider = providers.apply(target.provider());
        ProviderFailure failedSoFar = null;
        while (true) {
            CallGate.Admission admission = gate.admit(target, request, deadline);
            if (admission instanceof CallGate.Admission.Refused refused) {
                metrics.refused(target, refused.code());
                // a target that failed and then had its breaker opened ends as failed: its failure says more
                return failedSoFar != null
                        ? new TargetEnd.Failed(failedSoFar, "not tried again: " + refused.reason())
                        : new TargetEnd.Refused(refused);
            }
            CallGate.Ticket ticket = ((CallGate.Admission.Admitted) admission).ticket();
            AttemptResult attempt;
            try {
                attempt = metrics.measure(target.provider(), target.model(),
                        () -> provider.complete(request, target.model(), deadline));
            } catch (InterruptedException | RuntimeException e) {
                ticket.abandoned();
                throw e;
            }
            ticket.finished(attempt);
            made.add(new Attempt(target, attempt));
            if (!(attempt instanceof AttemptResult.Failed failed)) {
                latencies.succeeded(target, attempt.stats().latency());
                return new TargetEnd.Answered();
            }
            ProviderFailure failure = failed.failure();
            if (failure instanceof ProviderFailure.CallerError) {
                return new TargetEnd.Final(failure, null);
            }
            switch (retries.after(failure, clock.instant())) {
                case RetryDecision.Retry retry -> {
                    metrics.retrying(target.provider(), failure, retry.delay());
                    failedSoFar = failure;
                    Thread.sleep(retry.delay());
                }
                case RetryDecision.GiveUp giveUp -> {
                    return new TargetEnd.Failed(failure, giveUp.reason());
                }
            }
        }
    }

    private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
    }
}
