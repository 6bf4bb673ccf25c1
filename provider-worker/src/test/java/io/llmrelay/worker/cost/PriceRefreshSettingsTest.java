package io.llmrelay.worker.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class PriceRefreshSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PriceRefreshSettings.class)
    static class Bind {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bind.class);

    @Test
    void refreshesEveryMinuteByDefault() {
        context.run(started ->
                assertThat(started.getBean(PriceRefreshSettings.class).priceRefresh()).isEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    void bindsAnotherIntervalBesideTheOtherWorkerSettings() {
        context.withPropertyValues("relay.worker.price-refresh=5s", "relay.worker.group-id=workers").run(started ->
                assertThat(started.getBean(PriceRefreshSettings.class).priceRefresh()).isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void failsStartUpNamingThePropertyOnAnIntervalUnderASecond() {
        context.withPropertyValues("relay.worker.price-refresh=10ms").run(started ->
                assertThat(started).getFailure().hasStackTraceContaining("relay.worker.price-refresh"));
    }
}
