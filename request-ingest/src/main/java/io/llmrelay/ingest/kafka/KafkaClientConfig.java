package io.llmrelay.ingest.kafka;

import java.util.HashMap;
import java.util.Map;

import io.llmrelay.ingest.RelayKafkaProperties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The Kafka client settings request-ingest relies on, in one place. */
public final class KafkaClientConfig {

    /**
     * No waiting for a batch: a caller waits for every millisecond added here, in full when it is the only one sending.
     * Under load, concurrent sends still share batches while earlier ones are in flight.
     */
    private static final int LINGER_MS = 0;
    private static final int AUDIT_MAX_BLOCK_MS = 200;

    private KafkaClientConfig() {
    }

    /** Durable and ordered per user: acks from all in-sync replicas, idempotent, bounded by the operation timeout. */
    static Map<String, Object> producer(RelayKafkaProperties kafka, String clientId) {
        Map<String, Object> config = common(kafka, clientId);
        int timeoutMs = (int) kafka.operationTimeout().toMillis();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        // a send is acknowledged or failed within the operation timeout (delivery >= linger + request timeout)
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        return config;
    }

    /**
     * Audit events: durable like requests, but a send waits at most {@value #AUDIT_MAX_BLOCK_MS} ms for metadata or
     * buffer space, since it runs on a request's or an admin call's thread.
     */
    static Map<String, Object> auditProducer(RelayKafkaProperties kafka, String clientId) {
        Map<String, Object> config = producer(kafka, clientId);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, AUDIT_MAX_BLOCK_MS);
        return config;
    }

    /**
     * A consumer without a group: it is assigned partitions by hand, never commits, and starts at the end.
     * read_committed, so results a worker writes in an aborted transaction are never taken as answers.
     */
    public static Map<String, Object> standaloneConsumer(RelayKafkaProperties kafka, String clientId) {
        Map<String, Object> config = common(kafka, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.operationTimeout().toMillis());
        return config;
    }

    private static Map<String, Object> common(RelayKafkaProperties kafka, String clientId) {
        Map<String, Object> config = new HashMap<>(kafka.properties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return config;
    }
}
