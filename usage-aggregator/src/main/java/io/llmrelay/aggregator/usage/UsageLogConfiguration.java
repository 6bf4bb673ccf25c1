package io.llmrelay.aggregator.usage;

import java.time.Clock;

import io.llmrelay.aggregator.config.AggregatorProperties;
import io.llmrelay.aggregator.config.RelayKafkaProperties;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jooq.DSLContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the usage-log writer: {@code llm.usage} → {@code api_usage_logs}, rejects → {@code llm.usage.dlq}. */
@Configuration(proxyBeanMethods = false)
class UsageLogConfiguration {

    @Bean
    UsageMetrics usageMetrics() {
        return new UsageMetrics();
    }

    @Bean
    DeadLetterPublisher usageDeadLetterPublisher(RelayKafkaProperties kafka, Clock clock) {
        return new DeadLetterPublisher(
                new KafkaProducer<>(UsageKafkaClients.deadLetterProducer(kafka), new ByteArraySerializer(),
                        new ByteArraySerializer()),
                Topics.USAGE_DLQ.withPrefix(kafka.topicPrefix()), clock);
    }

    @Bean
    ConsumerLoopLifecycle usageConsumer(RelayKafkaProperties kafka, AggregatorProperties aggregator, DSLContext dsl,
                                        DeadLetterPublisher usageDeadLetterPublisher, UsageMetrics metrics,
                                        Clock clock, ConfigurableApplicationContext context) {
        UsageBatchStore store = new UsageBatchStore(new UsageDecoder(Topics.USAGE.valueSerde().deserializer()),
                new UsageLogWriter(dsl), usageDeadLetterPublisher, metrics);
        AggregatorProperties.Retry retry = aggregator.retry();
        return new ConsumerLoopLifecycle("usage", () -> new BatchConsumerLoop(
                new KafkaConsumer<>(UsageKafkaClients.consumer(kafka, aggregator), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                Topics.USAGE.withPrefix(kafka.topicPrefix()).name(), store,
                new RetryBackoff(retry.initialBackoff(), retry.maxBackoff()), metrics::batchHeldBack, "usage",
                aggregator.pollTimeout(), clock),
                // from a thread of its own: closing the context stops the lifecycle, which joins the consumer
                // thread, and that is the thread asking. Not a daemon, so the JVM waits for the close to finish.
                () -> Thread.ofPlatform().name("usage-consumer-failed").daemon(false).start(context::close));
    }
}
