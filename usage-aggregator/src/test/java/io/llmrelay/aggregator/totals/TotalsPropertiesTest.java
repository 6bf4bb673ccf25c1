package io.llmrelay.aggregator.totals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class TotalsPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TotalsProperties.class)
    static class Bind {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bind.class);

    @Test
    void appliesTheDocumentedDefaults() {
        context.run(started -> {
            TotalsProperties totals = started.getBean(TotalsProperties.class);
            assertThat(totals.applicationId()).isEqualTo("llm-relay-usage-aggregator-streams");
            assertThat(totals.zone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(totals.retention()).isEqualTo(Duration.ofDays(40));
            assertThat(totals.statusRefresh()).isEqualTo(Duration.ofSeconds(30));
            assertThat(totals.stateDir()).isNull();
            assertThat(totals.replicationFactor()).isEqualTo(-1);
            assertThat(totals.rollupGroupId()).isEqualTo("llm-relay-usage-aggregator-rollups");
            assertThat(totals.reprice()).isFalse();
            assertThat(totals.priceRefresh()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void failsStartUpNamingTheKeyOnAnUnknownZone() {
        context.withPropertyValues("relay.aggregator.totals.zone=Mars/Olympus").run(started ->
                assertThat(started).getFailure().hasStackTraceContaining("relay.aggregator.totals.zone")
                        .hasStackTraceContaining("Mars/Olympus"));
    }

    @Test
    void failsStartUpWhenTheRetentionIsShorterThanTheUsageTopicKeepsRecords() {
        context.withPropertyValues("relay.aggregator.totals.retention=7d").run(started ->
                assertThat(started).getFailure().hasStackTraceContaining("relay.aggregator.totals.retention"));
    }

    @Test
    void failsStartUpOnAReplicationFactorOfZero() {
        context.withPropertyValues("relay.aggregator.totals.replication-factor=0").run(started ->
                assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("relay.aggregator.totals.replication-factor"));
    }
}
