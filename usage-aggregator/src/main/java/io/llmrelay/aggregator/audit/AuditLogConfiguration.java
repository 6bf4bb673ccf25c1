package io.llmrelay.aggregator.audit;

import java.time.Clock;

import io.llmrelay.aggregator.config.AggregatorProperties;
import io.llmrelay.aggregator.config.RelayKafkaProperties;
import io.llmrelay.aggregator.usage.BatchConsumerLoop;
import io.llmrelay.aggregator.usage.ConsumerLoopLifecycle;
import io.llmrelay.aggregator.usage.DeadLetterPublisher;
import io.llmrelay.aggregator.usage.RetryBackoff;
import io.llmrelay.aggregator.usage.UsageKafkaClients;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jooq.DSLContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the audit writer: {@code llm.audit} → {@code audit_events} with the same poll loop, back-off and
 * dead-lettering as the usage writer, under a consumer group of its own.
 *
 * <p>Dead letters go to {@code llm.usage.dlq} (their {@code dlq.source.topic} header says {@code llm.audit}): the
 * topic catalog has no audit dead-letter topic yet. Giving it one is a change to {@code schemas} (a
 * {@code Topics.AUDIT_DLQ}) and to the strimzi topics, then this one line.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditLogConfiguration {

    @Bean
    AuditMetrics auditMetrics() {
        return new AuditMetrics();
    }

    @Bean
    DeadLetterPublisher auditDeadLetterPublisher(RelayKafkaProperties kafka, Clock clock) {
        return new DeadLetterPublisher(
                new KafkaProducer<>(UsageKafkaClients.deadLetterProducer(kafka), new ByteArraySerializer(),
                        new ByteArraySerializer()),
                Topics.USAGE_DLQ.withPrefix(kafka.topicPrefix()), clock);
    }

    @Bean
    ConsumerLoopLifecycle auditConsumer(RelayKafkaProperties kafka, AggregatorProperties aggregator,
                                        AuditProperties audit, DSLContext dsl,
                                        DeadLetterPublisher auditDeadLetterPublisher, AuditMetrics metrics,
                                        Clock clock, ConfigurableApplicationContext context) {
        AuditBatchStore store = new AuditBatchStore(Topics.AUDIT.valueSerde().deserializer(),
                new AuditEventWriter(dsl), auditDeadLetterPublisher, metrics);
        AggregatorProperties.Retry retry = aggregator.retry();
        return new ConsumerLoopLifecycle("audit", () -> new BatchConsumerLoop(
                new KafkaConsumer<>(UsageKafkaClients.consumer(kafka, audit.groupId(), aggregator.batchSize()),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                Topics.AUDIT.withPrefix(kafka.topicPrefix()).name(), store,
                new RetryBackoff(retry.initialBackoff(), retry.maxBackoff()), metrics::batchHeldBack, "audit",
                aggregator.pollTimeout(), clock),
                // as for usage: closing the context joins this thread, so close from another one
                () -> Thread.ofPlatform().name("audit-consumer-failed").daemon(false).start(context::close));
    }
}
