package io.llmrelay.aggregator.totals;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.llmrelay.aggregator.config.RelayKafkaProperties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka client settings of the totals application and of the roll-up writer. The operator's
 * {@code relay.kafka.properties} (TLS, SASL) come first; the settings below, which the guarantees rest on, win.
 */
final class TotalsStreamsClients {

    private TotalsStreamsClients() {
    }

    static String applicationId(RelayKafkaProperties kafka, TotalsProperties totals) {
        return kafka.topicPrefix() + totals.applicationId();
    }

    static Properties streams(RelayKafkaProperties kafka, TotalsProperties totals) {
        Properties config = new Properties();
        config.putAll(kafka.properties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(kafka, totals));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        // state, outputs and input offsets commit in one transaction: a crash repeats no alert and counts nothing twice
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, totals.commitInterval().toMillis());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, totals.replicationFactor());
        if (totals.stateDir() != null) {
            config.put(StreamsConfig.STATE_DIR_CONFIG, totals.stateDir().toString());
        }
        // a record that is not a UsageEvent is the usage writer's to dead-letter; here it is skipped and logged
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        return config;
    }

    /** The admin client that waits for the topology's topics. */
    static Map<String, Object> admin(RelayKafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.properties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return config;
    }

    /** The roll-up writer: committed records only (the changelog and alerts are written in transactions). */
    static Map<String, Object> rollupConsumer(RelayKafkaProperties kafka, TotalsProperties totals) {
        Map<String, Object> config = new HashMap<>(kafka.properties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.topicPrefix() + totals.rollupGroupId());
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, totals.rollupBatchSize());
        return config;
    }
}
