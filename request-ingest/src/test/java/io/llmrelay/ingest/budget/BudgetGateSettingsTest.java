package io.llmrelay.ingest.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class BudgetGateSettingsTest {

    // not a @Configuration: the application's component scan in the integration tests must not pick it up
    @EnableConfigurationProperties(BudgetGateSettings.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bindsTheDocumentedDefaults() {
        runner.run(context -> {
            BudgetGateSettings settings = context.getBean(BudgetGateSettings.class);
            assertThat(settings.enabled()).isTrue();
            assertThat(settings.zone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(settings.startupReadTimeout()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void bindsARegionZoneAndTheSwitch() {
        runner.withPropertyValues("relay.ingest.budget.zone=Europe/Berlin", "relay.ingest.budget.enabled=false")
                .run(context -> {
                    BudgetGateSettings settings = context.getBean(BudgetGateSettings.class);
                    assertThat(settings.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
                    assertThat(settings.enabled()).isFalse();
                });
    }

    @Test
    void anUnknownZoneFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("relay.ingest.budget.zone=Mars/Olympus").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("relay.ingest.budget.zone")
                        .hasStackTraceContaining("Mars/Olympus"));
    }
}
