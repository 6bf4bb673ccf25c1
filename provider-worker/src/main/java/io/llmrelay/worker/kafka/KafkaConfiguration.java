package io.llmrelay.worker.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.llmrelay.worker.WorkerSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

    /**
     * One producer for results, usage and dead letters. Values are encoded by the catalog's serdes before
     * sending, so the producer itself moves bytes. acks=all with idempotence: a send is acknowledged only
     * once it is on every in-sync replica, and a producer retry never writes it twice.
     */
    @Bean(destroyMethod = "")
    Producer<byte[], byte[]> producer(KafkaSettings kafka, WorkerSettings worker) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "provider-worker-" + worker.instanceId() + "-producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a few ms of batching: results of concurrent calls share requests to the broker
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
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
