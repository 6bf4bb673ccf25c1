package io.llmrelay.worker.consumer;

import java.time.Clock;
import java.util.Map;

import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.kafka.KafkaClients;
import io.llmrelay.worker.kafka.KafkaSettings;
import io.llmrelay.worker.kafka.WorkerTopics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    @Bean
    RequestConsumer requestConsumer(KafkaSettings kafka, WorkerSettings worker, WorkerTopics topics,
                                    RecordHandler handler, Clock clock, ConfigurableApplicationContext context) {
        Map<String, Object> config = KafkaClients.consumer(kafka, worker);
        var settings = new RequestConsumer.ConsumerSettings(worker.maxInFlight(), worker.effectiveMaxPollRecords(),
                worker.commitInterval(), worker.shutdownTimeout());
        // closing the context on a thread of its own: the caller (the poll thread, or a request's thread) is one
        // that the close waits for
        Runnable stopWorker = () -> Thread.ofPlatform().name("stop-worker").start(context::close);
        return new RequestConsumer(() -> new KafkaConsumer<>(config), topics.requests().name(), handler, settings,
                clock, stopWorker);
    }
}
