package io.llmrelay.worker.publish;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the reply partition a request names against the results topic. A partition that does not exist
 * does not fail a send: the producer waits for its metadata for {@code max.block.ms}, throws a retriable
 * {@code TimeoutException}, and the result would be sent again for ever while its request holds back its
 * partition's commits. Such a result goes to the partition of its key (the request id) instead; each distinct
 * bad value is logged once.
 */
final class ResultPartitions {

    private static final Logger log = LoggerFactory.getLogger(ResultPartitions.class);
    /** Distinct bad values logged, at most: a producer writing random partitions cannot grow the set without end. */
    private static final int MAX_LOGGED_VALUES = 1_000;

    private final Producer<?, ?> producer;
    private final String topic;
    private final Set<Integer> logged = ConcurrentHashMap.newKeySet();
    /** Partitions of the topic as last read; 0 until the first request names one. */
    private volatile int count;

    ResultPartitions(Producer<?, ?> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * The partition to write a result to: {@code requested} when it exists, else null (partition by key).
     *
     * @throws org.apache.kafka.common.KafkaException when the topic's partitions cannot be learnt; retriable
     *                                                when the broker is only slow or away
     */
    Integer route(Integer requested, String requestId) {
        if (requested == null) {
            return null;
        }
        if (requested >= 0 && requested < partitions(requested)) {
            return requested;
        }
        if (logged.size() < MAX_LOGGED_VALUES && logged.add(requested)) {
            log.warn("request {} names reply partition {} of {}, which does not exist; its result goes to the"
                    + " partition of its key instead (later requests naming partition {} are not logged)",
                    requestId, requested, topic, requested);
        }
        return null;
    }

    /**
     * The partition count, read again when a request names a partition past it, as partitions may have been
     * added. That read is answered from the producer's metadata, which it keeps for the topic anyway.
     */
    private int partitions(int requested) {
        int known = count;
        if (requested >= known) {
            known = producer.partitionsFor(topic).size();
            count = known;
        }
        return known;
    }
}
