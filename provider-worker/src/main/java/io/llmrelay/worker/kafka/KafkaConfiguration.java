package io.llmrelay.worker.kafka;

import java.time.Duration;

import io.llmrelay.schemas.kafka.ClusterReachability;
import io.llmrelay.schemas.kafka.KafkaHealthIndicator;
import io.llmrelay.worker.WorkerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    WorkerTopics workerTopics(KafkaSettings kafka) {
        return WorkerTopics.withPrefix(kafka.topicPrefix());
    }

    @Bean(destroyMethod = "close")
    KafkaClientMeters kafkaClientMeters(MeterRegistry registry) {
        return new KafkaClientMeters(registry);
    }

    /** One producer for results, usage and dead letters; see {@link KafkaClients#producer}. */
    @Bean(destroyMethod = "")
    Producer<byte[], byte[]> producer(KafkaSettings kafka, WorkerSettings worker, KafkaClientMeters meters) {
        Producer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(kafka, worker));
        meters.bind(producer);
        return producer;
    }

    /**
     * Closes the producer after everything that uses it, waiting a bounded time for records still in its
     * buffer: their requests were not committed, so anything lost here is redelivered.
     */
    @Bean
    DisposableBean producerShutdown(Producer<byte[], byte[]> producer) {
        return () -> producer.close(CLOSE_TIMEOUT);
    }

    /** Checked in the background, every few seconds, by an admin client of its own. */
    @Bean(destroyMethod = "close")
    ClusterReachability kafkaReachability(KafkaSettings kafka, WorkerSettings worker) {
        return ClusterReachability.start(kafka.bootstrapServers(), kafka.properties(),
                "provider-worker-" + worker.instanceId() + "-health");
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(ClusterReachability kafkaReachability) {
        return new KafkaHealthIndicator(kafkaReachability);
    }
}
