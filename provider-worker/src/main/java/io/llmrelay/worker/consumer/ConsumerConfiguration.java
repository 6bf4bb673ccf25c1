package io.llmrelay.worker.consumer;

import java.time.Clock;
import java.util.Map;

import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.completion.ParkedRequests;
import io.llmrelay.worker.kafka.KafkaClientMeters;
import io.llmrelay.worker.kafka.KafkaClients;
import io.llmrelay.worker.kafka.KafkaSettings;
import io.llmrelay.worker.kafka.WorkerTopics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    @Bean
    RequestConsumer requestConsumer(KafkaSettings kafka, WorkerSettings worker, WorkerTopics topics,
                                    RecordHandler handler, Clock clock, KafkaClientMeters meters,
                                    ConfigurableApplicationContext context) {
        Map<String, Object> config = KafkaClients.consumer(kafka, worker);
        var settings = new RequestConsumer.ConsumerSettings(worker.maxInFlight(), worker.effectiveMaxPollRecords(),
                worker.commitInterval(), worker.shutdownTimeout());
        // closing the context on a thread of its own: the caller (the poll thread, or a request's thread) is one
        // that the close waits for
        Runnable stopWorker = () -> Thread.ofPlatform().name("stop-worker").start(context::close);
        return new RequestConsumer(() -> {
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
            // its records-lag-max is this worker's consumer lag
            meters.bind(consumer);
            return consumer;
        }, topics.requests().name(), handler, settings, clock, stopWorker);
    }

    /**
     * Reads the requests parked on the retry topic and hands each to the same processor once its retry time has
     * come. Its in-flight bound is the worker's: the parked records wait on virtual threads, which cost little.
     */
    @Bean
    RequestConsumer parkedRequestConsumer(KafkaSettings kafka, WorkerSettings worker, WorkerTopics topics,
                                          RecordHandler handler, Clock clock, ConfigurableApplicationContext context) {
        Map<String, Object> config = KafkaClients.retryConsumer(kafka, worker);
        var settings = new RequestConsumer.ConsumerSettings(worker.maxInFlight(),
                Math.min(100, worker.effectiveMaxPollRecords()), worker.commitInterval(), worker.shutdownTimeout());
        Runnable stopWorker = () -> Thread.ofPlatform().name("stop-worker").start(context::close);
        return new RequestConsumer("parked", () -> new KafkaConsumer<>(config), topics.requestsRetry().name(),
                new ParkedRequests(handler, clock), settings, clock, stopWorker);
    }

    @Bean
    MeterBinder inFlightMetrics(RequestConsumer requestConsumer) {
        return registry -> Gauge.builder("relay.worker.requests.in.flight", requestConsumer, RequestConsumer::inFlight)
                .description("Requests taken from Kafka and not yet answered; at most relay.worker.max-in-flight")
                .register(registry);
    }
}
