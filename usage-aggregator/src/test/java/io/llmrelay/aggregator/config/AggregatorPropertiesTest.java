package io.llmrelay.aggregator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AggregatorPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(AggregatorConfiguration.class);

    @Test
    void appliesTheDocumentedDefaults() {
        context.run(started -> {
            AggregatorProperties properties = started.getBean(AggregatorProperties.class);
            assertThat(properties.groupId()).isEqualTo("llm-relay-usage-aggregator");
            assertThat(properties.batchSize()).isEqualTo(500);
            assertThat(properties.pollTimeout()).isEqualTo(Duration.ofMillis(500));
            assertThat(properties.retry().initialBackoff()).isEqualTo(Duration.ofMillis(200));
            assertThat(properties.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(10));
            RelayKafkaProperties kafka = started.getBean(RelayKafkaProperties.class);
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9092");
            assertThat(kafka.topicPrefix()).isEmpty();
            assertThat(kafka.properties()).isEmpty();
        });
    }

    @Test
    void failsStartUpNamingTheKeyWhenTheBatchIsTooLargeForOneStatement() {
        context.withPropertyValues("relay.aggregator.batch-size=5000").run(started ->
                assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("relay.aggregator.batchSize")
                        .hasMessageContaining("5000"));
    }

    @Test
    void failsStartUpWhenTheBackoffCapIsBelowTheInitialDelay() {
        context.withPropertyValues("relay.aggregator.retry.initial-backoff=2s", "relay.aggregator.retry.max-backoff=1s")
                .run(started -> assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("relay.aggregator.retry.max-backoff (PT1S) must be at least"));
    }

    @Test
    void failsStartUpOnATopicPrefixKafkaWouldRefuse() {
        context.withPropertyValues("relay.kafka.topic-prefix=it/42").run(started ->
                assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("relay.kafka.topicPrefix")
                        .hasMessageContaining("it/42"));
    }

    @Test
    void failsStartUpOnBlankBootstrapServers() {
        context.withPropertyValues("relay.kafka.bootstrap-servers= ").run(started ->
                assertThat(started).getFailure().rootCause().hasMessageContaining("relay.kafka.bootstrapServers"));
    }

    @Test
    void neverPrintsTheValuesOfExtraClientProperties() {
        context.withPropertyValues("relay.kafka.properties[sasl.jaas.config]=org.apache.kafka.common.security.scram."
                + "ScramLoginModule required username=\"agg\" password=\"s3cret\";").run(started -> {
            RelayKafkaProperties kafka = started.getBean(RelayKafkaProperties.class);
            assertThat(kafka.properties()).containsKey("sasl.jaas.config");
            assertThat(kafka.toString()).contains("sasl.jaas.config").doesNotContain("s3cret");
        });
    }
}
