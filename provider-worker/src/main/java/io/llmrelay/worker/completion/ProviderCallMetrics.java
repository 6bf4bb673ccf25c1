package io.llmrelay.worker.completion;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.worker.cost.ModelLabels;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.ProviderFailure;
import io.llmrelay.worker.provider.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the provider calls of this worker come to, as meters: calls and their latency by outcome, calls open now,
 * retries, waits after 429s, and the tokens and cost that were billed.
 *
 * <p>Labels are bounded: {@code provider} is a configured id, {@code model} a priced model or {@code other}
 * ({@link ModelLabels}), {@code outcome} one value per {@link ProviderFailure} type. Never a user, key or request.
 */
final class ProviderCallMetrics {

    /** One attempt: blocks its virtual thread until the provider answered or the attempt failed. */
    @FunctionalInterface
    interface Call {
        AttemptResult run() throws InterruptedException;
    }

    static final String SUCCESS = "success";

    private final MeterRegistry registry;
    private final ModelLabels models;
    private final Map<String, AtomicInteger> openByProvider = new ConcurrentHashMap<>();

    ProviderCallMetrics(MeterRegistry registry, ModelLabels models) {
        this.registry = registry;
        this.models = models;
    }

    /** Runs {@code call}, counting it open while it runs and recording how it ended. */
    AttemptResult measure(String provider, String model, Call call) throws InterruptedException {
        AtomicInteger open = openByProvider.computeIfAbsent(provider, this::openCallsGauge);
        open.incrementAndGet();
        AttemptResult attempt;
        try {
            attempt = call.run();
        } finally {
            open.decrementAndGet();
        }
        String modelLabel = models.of(provider, model);
        String outcome = outcome(attempt);
        Counter.builder("relay.provider.calls")
                .description("Provider attempts, by how they ended")
                .tags("provider", provider, "model", modelLabel, "outcome", outcome)
                .register(registry).increment();
        Timer.builder("relay.provider.call.duration")
                .description("Provider attempts from sending the request to the full answer (or giving up on it)")
                .tags("provider", provider, "model", modelLabel, "outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry).record(attempt.stats().latency());
        if (attempt instanceof AttemptResult.Failed(ProviderFailure.CredentialRejected rejected, var stats)) {
            Counter.builder("relay.provider.credential.rejections")
                    .description("Provider attempts answered 401 or 403: the provider rejected the worker's key"
                            + " (each is audited by the provider's credential supplier)")
                    .tag("provider", provider)
                    .register(registry).increment();
        }
        return attempt;
    }

    /** Another attempt follows {@code failure} after {@code delay}. */
    void retrying(String provider, ProviderFailure failure, Duration delay) {
        Counter.builder("relay.provider.retries")
                .description("Attempts made again after a retryable failure, by that failure")
                .tags("provider", provider, "outcome", outcome(failure))
                .register(registry).increment();
        if (failure instanceof ProviderFailure.RateLimited) {
            Timer.builder("relay.provider.rate.limit.waits")
                    .description("Waits before retrying after the provider answered 429")
                    .tag("provider", provider)
                    .register(registry).record(delay);
        }
    }

    /** A target was not called because its breaker is open or its limits have no room before the deadline. */
    void refused(Target target, String code) {
        Counter.builder("relay.provider.refusals")
                .description("Attempts not made: the target's breaker was open (breaker_open) or its rate limits had no"
                        + " room before the request's deadline (rate_limited)")
                .tags("provider", target.provider(), "reason", code)
                .register(registry).increment();
    }

    /** A request no target answered was parked on the retry topic for the {@code park}-th time. */
    void parked(int park) {
        Counter.builder("relay.worker.requests.parked")
                .description("Requests parked on the retry topic because no target could answer them, by park number")
                .tag("park", Integer.toString(Math.min(park, 10)))
                .register(registry).increment();
    }

    /** A request moves on from {@code from} to the next target of its route. */
    void fellBack(Target from, String reason) {
        Counter.builder("relay.provider.fallbacks")
                .description("Requests that moved on to the next target of their route, by the target left and why")
                .tags("provider", from.provider(), "reason", reason)
                .register(registry).increment();
    }

    /** Tokens and cost of usage events Kafka has acknowledged: what the relay bills. */
    void billed(List<UsageEvent> usage) {
        for (UsageEvent event : usage) {
            String provider = event.getProvider();
            String model = models.of(provider, event.getModel());
            tokens(provider, model, "prompt").increment(event.getUsage().getPromptTokens());
            tokens(provider, model, "completion").increment(event.getUsage().getCompletionTokens());
            Counter.builder("relay.provider.cost.micros")
                    .description("Cost of billed provider attempts in micro-USD (unpriced attempts add 0)")
                    .tags("provider", provider, "model", model)
                    .register(registry).increment(event.getCostMicros());
        }
    }

    private Counter tokens(String provider, String model, String type) {
        return Counter.builder("relay.provider.tokens")
                .description("Tokens of billed provider attempts, by type (prompt includes cached prompt tokens)")
                .tags("provider", provider, "model", model, "type", type)
                .register(registry);
    }

    private AtomicInteger openCallsGauge(String provider) {
        AtomicInteger open = new AtomicInteger();
        Gauge.builder("relay.provider.calls.active", open, AtomicInteger::get)
                .description("Provider calls waiting for an answer right now")
                .tag("provider", provider)
                .register(registry);
        return open;
    }

    static String outcome(AttemptResult attempt) {
        return switch (attempt) {
            case AttemptResult.Answered _ -> SUCCESS;
            case AttemptResult.Failed failed -> outcome(failed.failure());
        };
    }

    /** One value per failure type; a CallerError's own code is the provider's text, so it is not used. */
    static String outcome(ProviderFailure failure) {
        return switch (failure) {
            case ProviderFailure.RateLimited _ -> "rate_limited";
            case ProviderFailure.ServerError _ -> "server_error";
            case ProviderFailure.Timeout _ -> "timeout";
            case ProviderFailure.ConnectionFailed _ -> "unreachable";
            case ProviderFailure.CredentialRejected _ -> "credential_rejected";
            case ProviderFailure.CredentialUnavailable _ -> "credential_unavailable";
            case ProviderFailure.CallerError _ -> "caller_error";
            case ProviderFailure.InvalidResponse _ -> "invalid_response";
        };
    }
}
