package io.llmrelay.worker.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.llmrelay.worker.WorkerSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka client configs of the worker, in one place, with the reasons next to the values. The operator's
 * {@code relay.kafka.properties} (TLS, SASL, tuning) come first and the worker's own settings are put over
 * them: manual commits, acks=all with idempotence, byte-array serdes (the catalog's serdes encode before
 * sending) and the KIP-848 group protocol are what the delivery guarantees rest on. A property the worker
 * overrides is named in a warning at start-up.
 */
public final class KafkaClients {

    private static final Logger log = LoggerFactory.getLogger(KafkaClients.class);

    /**
     * No waiting for more records before a batch is sent: a result is waited for (its offset is committed
     * only after the ack) and a caller waits for the result. Under load the producer batches anyway, as
     * records accumulate while earlier requests to the broker are in flight.
     */
    static final int LINGER_MS = 0;

    private KafkaClients() {
    }

    /** One producer for results, usage and dead letters. */
    public static Map<String, Object> producer(KafkaSettings kafka, WorkerSettings worker) {
        Map<String, Object> own = new HashMap<>();
        own.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        own.put(CommonClientConfigs.CLIENT_ID_CONFIG, "provider-worker-" + worker.instanceId() + "-producer");
        // acknowledged only once on every in-sync replica; a producer retry never writes a record twice
        own.put(ProducerConfig.ACKS_CONFIG, "all");
        own.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        own.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        own.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        own.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return over(kafka.properties(), own, "producer");
    }

    /** The request consumer: offsets are committed by the worker, below the oldest unanswered record. */
    public static Map<String, Object> consumer(KafkaSettings kafka, WorkerSettings worker) {
        Map<String, Object> own = new HashMap<>();
        own.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        own.put(CommonClientConfigs.CLIENT_ID_CONFIG, "provider-worker-" + worker.instanceId());
        own.put(ConsumerConfig.GROUP_ID_CONFIG, worker.groupId());
        // the KIP-848 protocol: the broker assigns partitions, and rebalances move only what must move
        own.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        own.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        own.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, worker.effectiveMaxPollRecords());
        own.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        own.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return over(kafka.properties(), own, "consumer");
    }

    /**
     * The consumer of parked requests ({@code llm.requests.retry}): as the request consumer, in a group of its own
     * ({@code <group-id>-retry}), with few records per poll, as each may wait for its retry time.
     */
    public static Map<String, Object> retryConsumer(KafkaSettings kafka, WorkerSettings worker) {
        Map<String, Object> config = consumer(kafka, worker);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "provider-worker-" + worker.instanceId() + "-retry");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, retryGroupId(worker));
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(100, worker.effectiveMaxPollRecords()));
        return config;
    }

    public static String retryGroupId(WorkerSettings worker) {
        return worker.groupId() + "-retry";
    }

    private static Map<String, Object> over(Map<String, String> operator, Map<String, Object> own, String client) {
        Set<String> overridden = new TreeSet<>(operator.keySet());
        overridden.retainAll(own.keySet());
        if (!overridden.isEmpty()) {
            log.warn("relay.kafka.properties {} ignored for the {}: the worker sets them itself", overridden, client);
        }
        Map<String, Object> config = new HashMap<>(operator);
        config.putAll(own);
        return config;
    }
}
