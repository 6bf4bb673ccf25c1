package io.llmrelay.aggregator.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an outage of a store once when it starts and once when it ends, not on every retry:
 * a PostgreSQL restart must not flood the log with one stack trace per back-off step.
 */
final class StoreOutage {

    private static final Logger log = LoggerFactory.getLogger(StoreOutage.class);

    private final Clock clock;
    private final String recordsName;
    private Instant since;
    private long failedAttempts;

    /** @param recordsName what the records are, for the log ("usage", "audit") */
    StoreOutage(Clock clock, String recordsName) {
        this.clock = clock;
        this.recordsName = recordsName;
    }

    void attemptFailed(RuntimeException failure, int records, Duration maxBackoff) {
        failedAttempts++;
        // the driver's exception, not jOOQ's wrapper, whose message repeats the whole multi-row INSERT
        Throwable cause = WriteFailure.sqlCause(failure) == null ? failure : WriteFailure.sqlCause(failure);
        if (since == null) {
            since = clock.instant();
            log.warn("cannot store a batch of {} {} records: {}. Offsets stay uncommitted; the batch is retried "
                    + "with back-off up to {} until it is stored, and logged again then.",
                    records, recordsName, cause.toString(), maxBackoff, cause);
        } else {
            log.debug("{} batch of {} records still not stored (attempt {}): {}", recordsName, records, failedAttempts,
                    cause.toString());
        }
    }

    void batchStored() {
        if (since == null) {
            return;
        }
        log.info("{} batches are stored again, after {} failed attempts over {}", recordsName, failedAttempts,
                Duration.between(since, clock.instant()));
        since = null;
        failedAttempts = 0;
    }

    boolean ongoing() {
        return since != null;
    }
}
