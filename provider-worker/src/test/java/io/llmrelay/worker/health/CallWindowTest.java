package io.llmrelay.worker.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmrelay.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The window's figures from meters registered as the worker registers them ({@code relay.provider.call.duration}
 * with a percentile histogram), on the registry the worker runs with.
 */
class CallWindowTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final CallWindow window = new CallWindow(registry, clock, Duration.ofMinutes(5));

    @Test
    void countsOnlyTheAttemptsInsideTheWindowAndLeavesCallerErrorsOutOfTheErrorRate() {
        window.sample();
        record("openai", "gpt-4o", "success", 100, 10);
        record("openai", "gpt-4o", "server_error", 50, 10);
        clock.advance(Duration.ofMinutes(3));
        window.sample();

        CallWindow.Stats early = window.stats("openai");
        assertThat(early.successes()).isEqualTo(10);
        assertThat(early.failures()).isEqualTo(10);
        assertThat(early.errorRate()).hasValue(0.5);
        assertThat(early.lastSuccess()).hasValue(clock.instant());
        Instant firstSuccessSeen = clock.instant();

        // three minutes later the first ten minutes' attempts are older than the window's start
        record("openai", "gpt-4o-mini", "success", 100, 30);
        record("openai", "gpt-4o", "caller_error", 10, 5);
        record("openai", "gpt-4o", "timeout", 1000, 10);
        clock.advance(Duration.ofMinutes(3));
        window.sample();
        clock.advance(Duration.ofMinutes(3));
        window.sample();

        CallWindow.Stats later = window.stats("openai");
        assertThat(later.span()).isEqualTo(Duration.ofMinutes(6));
        assertThat(later.successes()).isEqualTo(30);
        assertThat(later.failures()).isEqualTo(10);
        assertThat(later.callerErrors()).isEqualTo(5);
        assertThat(later.errorRate()).hasValue(0.25);
        // no success in the last sample interval: the last success stays when it was first seen
        assertThat(later.lastSuccess()).hasValueSatisfying(at -> assertThat(at).isAfter(firstSuccessSeen));
        assertThat(window.stats("anthropic").errorRate()).isEmpty();
        assertThat(window.stats("anthropic").lastSuccess()).isEmpty();
    }

    @Test
    void percentilesComeFromTheSuccessfulAttemptsHistogramInTheWindow() {
        window.sample();
        // 90 fast and 10 slow successes; failures' latencies are not the provider's answer time
        record("openai", "gpt-4o", "success", 20, 90);
        record("openai", "gpt-4o", "success", 2000, 10);
        record("openai", "gpt-4o", "timeout", 60_000, 50);
        clock.advance(Duration.ofSeconds(30));
        window.sample();

        CallWindow.Latency latency = window.stats("openai").latency().orElseThrow();
        // within the histogram's buckets around each value
        assertThat(latency.p50()).isBetween(10.0, 25.0);
        assertThat(latency.p95()).isBetween(1000.0, 2300.0);
        assertThat(latency.p99()).isBetween(1000.0, 2300.0);
        assertThat(latency.p99()).isGreaterThanOrEqualTo(latency.p95());
        assertThat(latency.p95()).isGreaterThan(latency.p50());
    }

    @Test
    void withOneSampleThereIsNoWindowYet() {
        record("openai", "gpt-4o", "success", 20, 3);
        window.sample();
        CallWindow.Stats stats = window.stats("openai");
        assertThat(stats.span()).isZero();
        assertThat(stats.successes()).isZero();
        assertThat(stats.latency()).isEmpty();
        // the success counts from before the first sample are dated by that sample
        assertThat(stats.lastSuccess()).hasValue(clock.instant());
    }

    @Test
    void anEmptyHistogramDeltaHasNoPercentiles() {
        assertThat(CallWindow.Latency.of(new java.util.TreeMap<>(java.util.Map.of(10.0, 4.0, 20.0, 4.0)),
                new java.util.TreeMap<>(java.util.Map.of(10.0, 4.0, 20.0, 4.0)))).isEmpty();
        CallWindow.Latency one = CallWindow.Latency.of(new java.util.TreeMap<>(java.util.Map.of(10.0, 0.0, 20.0, 2.0)),
                new java.util.TreeMap<>()).orElseThrow();
        // both values between 10 and 20 ms: interpolated inside that bucket
        assertThat(one.p50()).isCloseTo(15.0, within(0.001));
    }

    private void record(String provider, String model, String outcome, long millis, int times) {
        // as ProviderCallMetrics registers it
        Timer timer = Timer.builder(CallWindow.TIMER)
                .tags("provider", provider, "model", model, "outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        for (int i = 0; i < times; i++) {
            timer.record(Duration.ofMillis(millis));
        }
    }

}
