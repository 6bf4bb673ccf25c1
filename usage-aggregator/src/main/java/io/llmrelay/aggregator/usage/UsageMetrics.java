package io.llmrelay.aggregator.usage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the usage writer has done since start-up. Plain counters for now; a later issue publishes
 * them through Micrometer. Written by the consumer thread, read from anywhere.
 */
final class UsageMetrics {

    private final AtomicLong rowsInserted = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong pendingRecords = new AtomicLong();

    void batchStored(int inserted, int duplicates, int deadLetters) {
        rowsInserted.addAndGet(inserted);
        duplicatesSkipped.addAndGet(duplicates);
        deadLettered.addAndGet(deadLetters);
        pendingRecords.set(0);
    }

    void batchHeldBack(int records) {
        failedAttempts.incrementAndGet();
        pendingRecords.set(records);
    }

    /** Rows that were new to {@code api_usage_logs}. */
    long rowsInserted() {
        return rowsInserted.get();
    }

    /** Events whose (request_id, attempt_key) was already stored: re-deliveries and replays. */
    long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    /** Records sent to the usage dead-letter topic: undecodable, or refused by PostgreSQL as data. */
    long deadLettered() {
        return deadLettered.get();
    }

    /** Attempts to store a batch that failed and will be retried. */
    long failedAttempts() {
        return failedAttempts.get();
    }

    /** Gauge: records polled but not yet stored because their batch is waiting for a retry; 0 when healthy. */
    long pendingRecords() {
        return pendingRecords.get();
    }
}
