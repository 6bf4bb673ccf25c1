package io.llmrelay.aggregator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class SlaPropertiesTest {

    /** The properties alone: the report's configuration would start the job, which needs a database. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SlaProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void refreshesEveryFiveMinutesByDefault() {
        context.run(started -> assertThat(started.getBean(SlaProperties.class).refreshInterval())
                .isEqualTo(Duration.ofMinutes(5)));
    }

    @Test
    void registersTheBeanUnderTheNameTheScheduleReadsItBy() {
        context.withPropertyValues("relay.aggregator.sla.refresh-interval=90s").run(started ->
                assertThat(started.getBean(SlaProperties.BEAN_NAME, SlaProperties.class).refreshInterval())
                        .isEqualTo(Duration.ofSeconds(90)));
    }

    @Test
    void failsStartUpNamingTheKeyWhenTheIntervalIsNotPositive() {
        context.withPropertyValues("relay.aggregator.sla.refresh-interval=0s").run(started ->
                assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("relay.aggregator.sla.refreshInterval")
                        .hasMessageContaining("rejected value [PT0S]"));
    }
}
