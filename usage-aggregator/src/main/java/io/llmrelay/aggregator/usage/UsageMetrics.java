package io.llmrelay.aggregator.usage;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What the usage writer has done since start-up. Written by the consumer thread, read from anywhere: by the
 * tests, and by Micrometer at scrape time ({@link #bindTo}), so the counts are kept once.
 */
final class UsageMetrics implements MeterBinder {

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

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("relay.aggregator.rows.inserted", rowsInserted, AtomicLong::get)
                .description("Usage rows new to api_usage_logs").register(registry);
        FunctionCounter.builder("relay.aggregator.duplicates.skipped", duplicatesSkipped, AtomicLong::get)
                .description("Usage events already stored (re-deliveries, replays) and skipped").register(registry);
        FunctionCounter.builder("relay.aggregator.dead.letters", deadLettered, AtomicLong::get)
                .description("Usage records sent to the dead-letter topic: undecodable, or refused by PostgreSQL")
                .register(registry);
        FunctionCounter.builder("relay.aggregator.store.failures", failedAttempts, AtomicLong::get)
                .description("Attempts to store a batch that failed and are retried (PostgreSQL down, say)")
                .register(registry);
        Gauge.builder("relay.aggregator.records.pending", pendingRecords, AtomicLong::get)
                .description("Records polled and not yet stored because their batch waits for a retry; 0 when healthy")
                .register(registry);
    }
}
