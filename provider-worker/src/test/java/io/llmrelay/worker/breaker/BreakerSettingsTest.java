package io.llmrelay.worker.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class BreakerSettingsTest {

    // not a @Configuration: the worker's component scan in the integration tests must not pick it up
    @EnableConfigurationProperties(BreakerSettings.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bindsTheDocumentedDefaults() {
        runner.run(context -> assertThat(context.getBean(BreakerSettings.class)).isEqualTo(
                new BreakerSettings(true, 5, Duration.ofSeconds(60), 1, Duration.ofSeconds(5))));
    }

    @Test
    void badValuesFailStartUpNamingTheProperty() {
        runner.withPropertyValues("relay.breaker.failure-threshold=0")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("relay.breaker.failure-threshold"));
        runner.withPropertyValues("relay.breaker.wait-open=0s")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("relay.breaker.wait-open"));
        runner.withPropertyValues("relay.breaker.half-open-calls=-1")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("relay.breaker.half-open-calls"));
    }
}
