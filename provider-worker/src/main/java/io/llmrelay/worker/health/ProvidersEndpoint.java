package io.llmrelay.worker.health;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.llmrelay.worker.breaker.BreakerStatus;
import io.llmrelay.worker.breaker.ProviderBreakers;
import io.llmrelay.worker.provider.ProviderRegistry;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/providers}: how each configured provider is doing as seen from this worker, in one place for an
 * operator: the breaker of each of its targets, its last success, error rate and latency percentiles over the recent
 * window, and the last active probe. Each worker answers for itself; the breakers are shared, the rest is this
 * worker's calls only.
 */
@Endpoint(id = "providers")
public final class ProvidersEndpoint {

    private final ProviderRegistry providers;
    private final Optional<ProviderBreakers> breakers;
    private final CallWindow window;
    private final Optional<ActiveProbe> probe;

    ProvidersEndpoint(ProviderRegistry providers, Optional<ProviderBreakers> breakers, CallWindow window,
                      Optional<ActiveProbe> probe) {
        this.providers = providers;
        this.breakers = breakers;
        this.window = window;
        this.probe = probe;
    }

    @ReadOperation
    public List<Provider> providers() {
        window.sample();
        return providers.ids().stream().map(this::provider).toList();
    }

    private Provider provider(String id) {
        CallWindow.Stats stats = window.stats(id);
        List<Target> targets = breakers.map(all -> all.states().stream()
                .filter(status -> status.target().provider().equals(id))
                .map(Target::of).toList()).orElse(null);
        Probe last = probe.map(p -> p.last(id).map(Probe::of).orElse(Probe.NOT_YET))
                .orElse(Probe.DISABLED);
        return new Provider(id, providers.kind(id).name().toLowerCase(Locale.ROOT).replace('_', '-'), targets,
                stats.lastSuccess().map(Instant::toString).orElse(null),
                new Window(stats.span().toSeconds(), stats.successes(), stats.failures(), stats.callerErrors(),
                        stats.errorRate().orElse(null), stats.latency().map(Latency::of).orElse(null)),
                last);
    }

    /**
     * One provider.
     *
     * @param targets     the breaker of each target this worker has called or heard of; null when breakers are
     *                    disabled ({@code relay.breaker.enabled=false})
     * @param lastSuccess when this worker last saw a successful attempt (to the sampling interval); null if never
     */
    public record Provider(String provider, String kind, List<Target> targets, String lastSuccess, Window window,
                           Probe probe) {
    }

    /** A target's breaker, as {@code /actuator/breakers} shows it. */
    public record Target(String model, String state, String since, String reason) {

        static Target of(BreakerStatus status) {
            return new Target(status.target().model(), status.state().name(),
                    status.since() == null ? null : status.since().toString(), status.reason());
        }
    }

    /**
     * This worker's attempts over the last {@code seconds} (the configured window, less while the worker is young).
     *
     * @param errorRate failures / (successes + failures); null without attempts. Caller errors (4xx the request
     *                  caused) are not the provider's and are left out
     * @param latencyMs percentiles of successful attempts; null without any
     */
    public record Window(long seconds, long successes, long failures, long callerErrors, Double errorRate,
                         Latency latencyMs) {
    }

    /** Milliseconds, interpolated in the call-duration histogram's buckets. */
    public record Latency(double p50, double p95, double p99) {

        static Latency of(CallWindow.Latency latency) {
            return new Latency(round(latency.p50()), round(latency.p95()), round(latency.p99()));
        }

        private static double round(double millis) {
            return Math.round(millis * 10) / 10.0;
        }
    }

    /**
     * The last active probe: {@code status} UP, DOWN, UNSUPPORTED, NOT_YET (none finished yet) or DISABLED
     * ({@code relay.health.probe.enabled=false}).
     */
    public record Probe(String status, String reason, Long latencyMs, String at) {

        static final Probe DISABLED = new Probe("DISABLED", null, null, null);
        static final Probe NOT_YET = new Probe("NOT_YET", null, null, null);

        static Probe of(ActiveProbe.Outcome outcome) {
            return new Probe(outcome.result().status().name(),
                    outcome.result().reason().isEmpty() ? null : outcome.result().reason(),
                    outcome.result().latency().toMillis(), outcome.at().toString());
        }
    }
}
