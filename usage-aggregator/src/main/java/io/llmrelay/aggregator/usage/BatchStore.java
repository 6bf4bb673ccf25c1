package io.llmrelay.aggregator.usage;

import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Stores one poll's records for a {@link BatchConsumerLoop}. Returns normally only when all of them are stored
 * (or dead-lettered), so the loop may commit their offsets; any exception means "nothing may be committed, try
 * the whole batch again", so storing must be idempotent.
 */
@FunctionalInterface
public interface BatchStore {

    void store(ConsumerRecords<byte[], byte[]> records);
}
