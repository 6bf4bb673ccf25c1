package io.llmrelay.worker.health;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class HealthSettingsTest {

    private static final HealthSettings.Probe PROBE = new HealthSettings.Probe(true, Duration.ofSeconds(60),
            Duration.ofSeconds(1));

    @Test
    void aSampleIntervalNotShorterThanTheWindowIsRefusedNamingBothProperties() {
        assertThatThrownBy(() -> new HealthSettings(Duration.ofMinutes(1), Duration.ofMinutes(1), PROBE))
                .hasMessageContaining("relay.health.sample-interval").hasMessageContaining("relay.health.window");
    }

    @Test
    void aProbeTimeoutLongerThanItsIntervalIsRefused() {
        assertThatThrownBy(() -> new HealthSettings(Duration.ofMinutes(5), Duration.ofSeconds(10),
                new HealthSettings.Probe(true, Duration.ofSeconds(1), Duration.ofSeconds(2))))
                .hasMessageContaining("relay.health.probe.timeout").hasMessageContaining("relay.health.probe.interval");
        assertThatCode(() -> new HealthSettings(Duration.ofMinutes(5), Duration.ofSeconds(10),
                new HealthSettings.Probe(true, Duration.ofSeconds(1), Duration.ofSeconds(1)))).doesNotThrowAnyException();
    }
}
