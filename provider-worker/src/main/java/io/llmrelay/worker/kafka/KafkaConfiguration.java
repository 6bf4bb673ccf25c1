package io.llmrelay.worker.kafka;

import java.time.Duration;

import io.llmrelay.worker.WorkerSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    WorkerTopics workerTopics(KafkaSettings kafka) {
        return WorkerTopics.withPrefix(kafka.topicPrefix());
    }

    /** One producer for results, usage and dead letters; see {@link KafkaClients#producer}. */
    @Bean(destroyMethod = "")
    Producer<byte[], byte[]> producer(KafkaSettings kafka, WorkerSettings worker) {
        return new KafkaProducer<>(KafkaClients.producer(kafka, worker));
    }

    /**
     * Closes the producer after everything that uses it, waiting a bounded time for records still in its
     * buffer: their requests were not committed, so anything lost here is redelivered.
     */
    @Bean
    DisposableBean producerShutdown(Producer<byte[], byte[]> producer) {
        return () -> producer.close(CLOSE_TIMEOUT);
    }
}
