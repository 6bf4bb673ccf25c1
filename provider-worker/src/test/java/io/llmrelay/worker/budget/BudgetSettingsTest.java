package io.llmrelay.worker.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class BudgetSettingsTest {

    // not a @Configuration: the worker's component scan in the integration tests must not pick it up
    @EnableConfigurationProperties(BudgetSettings.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bindsTheDocumentedDefaults() {
        runner.run(context -> {
            BudgetSettings settings = context.getBean(BudgetSettings.class);
            assertThat(settings.enabled()).isTrue();
            assertThat(settings.zone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(settings.defaultMaxTokens()).isEqualTo(1024);
            assertThat(settings.startupReadTimeout()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void bindsARegionZone() {
        runner.withPropertyValues("relay.budget.zone=Europe/Berlin").run(context ->
                assertThat(context.getBean(BudgetSettings.class).zone()).isEqualTo(ZoneId.of("Europe/Berlin")));
    }

    @Test
    void anUnknownZoneFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("relay.budget.zone=Mars/Olympus").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("relay.budget.zone")
                        .hasStackTraceContaining("Mars/Olympus"));
    }

    @Test
    void aNonPositiveDefaultMaxTokensFailsStartUp() {
        runner.withPropertyValues("relay.budget.default-max-tokens=0").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("relay.budget")
                        .hasStackTraceContaining("defaultMaxTokens"));
    }
}
