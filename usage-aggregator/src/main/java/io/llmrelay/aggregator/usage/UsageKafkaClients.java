package io.llmrelay.aggregator.usage;

import java.util.HashMap;
import java.util.Map;

import io.llmrelay.aggregator.config.AggregatorProperties;
import io.llmrelay.aggregator.config.RelayKafkaProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka client settings of the writers (usage, audit); the reasons are here, next to the values. The
 * operator's {@code relay.kafka.properties} (TLS, SASL, tuning) come first and these are put over
 * them: they are what at-least-once storage and the retry loop rely on.
 */
public final class UsageKafkaClients {

    private UsageKafkaClients() {
    }

    static Map<String, Object> consumer(RelayKafkaProperties kafka, AggregatorProperties aggregator) {
        return consumer(kafka, aggregator.groupId(), aggregator.batchSize());
    }

    /** A group member for a {@link BatchConsumerLoop}: commits by hand, after its batch is stored. */
    public static Map<String, Object> consumer(RelayKafkaProperties kafka, String groupId, int batchSize) {
        Map<String, Object> config = new HashMap<>(kafka.properties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // KIP-848 group protocol: heartbeats from a background thread, incremental rebalances
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        // offsets are committed only after a batch is stored
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group starts at the beginning: usage (or audit) that is still retained must be stored
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        // events from an aborted producer transaction were never billed
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    public static Map<String, Object> deadLetterProducer(RelayKafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.properties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a dead letter that cannot be written fails its batch, which is retried; fail within seconds
        // rather than the 60 s / 120 s defaults so the retry loop stays responsive
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }
}
