package io.llmrelay.worker.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Processes one record on its own virtual thread. */
@FunctionalInterface
public interface RecordHandler {

    /**
     * Returns once the record's outcome is durably written; the offset may then be committed. Throwing (or
     * being interrupted) leaves the offset uncommitted, so the record is redelivered after a restart or a
     * rebalance.
     */
    void handle(ConsumerRecord<byte[], byte[]> record) throws InterruptedException;
}
