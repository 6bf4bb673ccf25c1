package io.llmrelay.aggregator.audit;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** What the audit writer has done since start-up; read by the tests and by Micrometer at scrape time. */
final class AuditMetrics implements MeterBinder {

    private final AtomicLong rowsInserted = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    void batchStored(int inserted, int duplicates, int deadLetters) {
        rowsInserted.addAndGet(inserted);
        duplicatesSkipped.addAndGet(duplicates);
        deadLettered.addAndGet(deadLetters);
    }

    void batchHeldBack(int records) {
        failedAttempts.incrementAndGet();
    }

    long rowsInserted() {
        return rowsInserted.get();
    }

    long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    long deadLettered() {
        return deadLettered.get();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("relay.aggregator.audit.rows.inserted", rowsInserted, AtomicLong::get)
                .description("Audit events new to audit_events").register(registry);
        FunctionCounter.builder("relay.aggregator.audit.duplicates.skipped", duplicatesSkipped, AtomicLong::get)
                .description("Audit events already stored (re-deliveries) and skipped").register(registry);
        FunctionCounter.builder("relay.aggregator.audit.dead.letters", deadLettered, AtomicLong::get)
                .description("Audit records sent to the dead-letter topic: undecodable, or refused by PostgreSQL")
                .register(registry);
        FunctionCounter.builder("relay.aggregator.audit.store.failures", failedAttempts, AtomicLong::get)
                .description("Attempts to store an audit batch that failed and are retried").register(registry);
    }
}
