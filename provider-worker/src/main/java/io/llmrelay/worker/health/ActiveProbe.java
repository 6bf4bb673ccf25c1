package io.llmrelay.worker.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.provider.ProbeResult;
import io.llmrelay.worker.provider.ProviderRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls every configured provider's {@link ChatProvider#probe cheap authenticated endpoint} on a schedule, so that
 * a provider nobody is sending requests to right now is still known to be down (or its key revoked) before the
 * next request finds out. Each round probes the providers in parallel on virtual threads, each bounded by the
 * probe timeout. The outcome is kept for {@code /actuator/providers} and published as the gauge
 * {@code relay.provider.probe.up{provider}}: 1 up, 0 down, NaN before the first probe or when the adapter has none.
 * A change of outcome is logged once; a provider that stays down is not logged again every round.
 */
final class ActiveProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActiveProbe.class);

    private final ProviderRegistry providers;
    private final HealthSettings.Probe settings;
    private final Clock clock;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("provider-probe").daemon(true).factory());

    ActiveProbe(ProviderRegistry providers, HealthSettings.Probe settings, Clock clock, MeterRegistry registry) {
        this.providers = providers;
        this.settings = settings;
        this.clock = clock;
        for (String id : providers.ids()) {
            Gauge.builder("relay.provider.probe.up", () -> up(id))
                    .description("1 when the provider's last active probe (a model list) succeeded, 0 when it failed,"
                            + " NaN before the first probe")
                    .tag("provider", id)
                    .register(registry);
        }
    }

    /**
     * The last outcome of one provider's probe.
     *
     * @param at when the probe finished
     */
    record Outcome(ProbeResult result, Instant at) {
    }

    void start() {
        long interval = settings.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::probeAllSafely, 0, interval, TimeUnit.MILLISECONDS);
        log.info("active probe of providers {} every {}, timeout {}", providers.ids(), settings.interval(),
                settings.timeout());
    }

    Optional<Outcome> last(String provider) {
        return Optional.ofNullable(outcomes.get(provider));
    }

    /** One round: every provider once, in parallel; returns when all have answered or timed out. */
    void probeAll() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (String id : providers.ids()) {
            threads.add(Thread.ofVirtual().name("provider-probe-" + id).start(() -> probe(id)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void probeAllSafely() {
        try {
            probeAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("a round of provider probes failed; trying again in {}", settings.interval(), e);
        }
    }

    private void probe(String id) {
        ProbeResult result;
        try {
            result = providers.get(id).probe(settings.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            // an adapter's bug must not stop the other providers' probes; the type only, messages may echo input
            result = ProbeResult.down("probe failed: " + e.getClass().getSimpleName(), Duration.ZERO);
        }
        Outcome previous = outcomes.put(id, new Outcome(result, clock.instant()));
        if (previous == null || previous.result().status() != result.status()) {
            switch (result.status()) {
                case UP -> log.info("provider '{}' probe up ({} ms)", id, result.latency().toMillis());
                case DOWN -> log.warn("provider '{}' probe down: {}", id, result.reason());
                case UNSUPPORTED -> log.info("provider '{}' has no probe call", id);
            }
        }
    }

    private double up(String provider) {
        Outcome outcome = outcomes.get(provider);
        if (outcome == null) {
            return Double.NaN;
        }
        return switch (outcome.result().status()) {
            case UP -> 1;
            case DOWN -> 0;
            case UNSUPPORTED -> Double.NaN;
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
