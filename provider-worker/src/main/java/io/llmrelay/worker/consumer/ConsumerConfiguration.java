package io.llmrelay.worker.consumer;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.kafka.KafkaSettings;
import io.llmrelay.worker.kafka.WorkerTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    @Bean
    RequestConsumer requestConsumer(KafkaSettings kafka, WorkerSettings worker, WorkerTopics topics,
                                    RecordHandler handler, Clock clock, ConfigurableApplicationContext context) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, worker.groupId());
        // the KIP-848 protocol: the broker assigns partitions, and rebalances move only what must move
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "provider-worker-" + worker.instanceId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, worker.effectiveMaxPollRecords());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        var settings = new RequestConsumer.ConsumerSettings(worker.maxInFlight(), worker.effectiveMaxPollRecords(),
                worker.commitInterval(), worker.shutdownTimeout());
        // closing the context from another thread: the poll thread is the one that failed and must end
        Runnable stopWorker = () -> Thread.ofPlatform().name("stop-worker").start(context::close);
        return new RequestConsumer(() -> new KafkaConsumer<>(config), topics.requests().name(), handler, settings,
                clock, stopWorker);
    }
}
