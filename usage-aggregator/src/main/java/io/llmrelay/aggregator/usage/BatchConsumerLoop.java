package io.llmrelay.aggregator.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.IntConsumer;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of a consumer that stores what it reads, run by one platform thread: {@code llm.usage}
 * into {@code api_usage_logs}, {@code llm.audit} into {@code audit_events}. Each poll is one batch:
 * stored by the {@link BatchStore} (rows in PostgreSQL, rejects on a dead-letter topic), then its
 * offsets committed. At-least-once; duplicates are absorbed by the store's unique key.
 *
 * <p>When a batch cannot be stored (PostgreSQL down, say) nothing is committed and nothing is
 * dropped: the consumer seeks every partition of the batch back to the batch's first offset, pauses
 * all its partitions, and keeps calling {@code poll} (which returns nothing while paused) until the
 * back-off delay has passed; then it resumes and the next poll fetches the same records again.
 * Seeking back rather than holding the batch in memory keeps rebalances trivial: at any moment the
 * consumer holds no records past its committed offsets, so a partition that is revoked mid-outage
 * needs no clean-up and its new owner starts exactly where this one would have. Polling while
 * paused keeps the group membership alive however long the outage lasts ({@code max.poll.interval.ms}).
 */
public final class BatchConsumerLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(BatchConsumerLoop.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final BatchStore store;
    private final RetryBackoff backoff;
    private final StoreOutage outage;
    private final IntConsumer heldBack;
    private final String recordsName;
    private final Duration pollTimeout;
    private final Clock clock;

    private volatile boolean running = true;
    /** When the held-back batch may be fetched again; null while batches are being stored. */
    private Instant retryAt;

    /**
     * @param heldBack    told the size of each batch that could not be stored and waits for a retry
     * @param recordsName what the records are, for the log ("usage", "audit")
     */
    public BatchConsumerLoop(Consumer<byte[], byte[]> consumer, String topic, BatchStore store, RetryBackoff backoff,
                             IntConsumer heldBack, String recordsName, Duration pollTimeout, Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.store = store;
        this.backoff = backoff;
        this.outage = new StoreOutage(clock, recordsName);
        this.heldBack = heldBack;
        this.recordsName = recordsName;
        this.pollTimeout = pollTimeout;
        this.clock = clock;
    }

    /**
     * Returns when {@link #stop()} ends the loop; any exception it throws means the loop failed, and its
     * host must not leave the replica running without it.
     */
    @Override
    public void run() {
        try {
            pollUntilStopped();
        } catch (RuntimeException | Error e) {
            // closing after a failure may fail too (an interrupted thread cannot leave the group cleanly);
            // the failure is what the host must see, so the close's exception only rides along
            try {
                close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        close();
    }

    private void pollUntilStopped() {
        try {
            consumer.subscribe(List.of(topic), new PauseWhileBackingOff());
            while (running) {
                resumeWhenRetryIsDue();
                handle(consumer.poll(nextPollTimeout()));
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        }
    }

    private void close() {
        consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }

    /** Ends the loop from another thread; a batch being stored finishes first (or is retried by the next owner). */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        if (retryAt != null) {
            // partitions assigned during the back-off and fetched before they could be paused
            rewind(records);
            consumer.pause(records.partitions());
            return;
        }
        try {
            store.store(records);
        } catch (InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            holdBack(records, e);
            return;
        }
        commit(records);
        backoff.reset();
        outage.batchStored();
    }

    private void holdBack(ConsumerRecords<byte[], byte[]> records, RuntimeException failure) {
        rewind(records);
        consumer.pause(consumer.assignment());
        retryAt = clock.instant().plus(backoff.next());
        heldBack.accept(records.count());
        outage.attemptFailed(failure, records.count(), backoff.max());
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).getFirst().offset());
        }
    }

    private void resumeWhenRetryIsDue() {
        if (retryAt != null && !clock.instant().isBefore(retryAt)) {
            consumer.resume(consumer.paused());
            retryAt = null;
        }
    }

    private Duration nextPollTimeout() {
        if (retryAt == null) {
            return pollTimeout;
        }
        Duration untilRetry = Duration.between(clock.instant(), retryAt);
        if (untilRetry.isNegative()) {
            return Duration.ZERO;
        }
        return untilRetry.compareTo(pollTimeout) < 0 ? untilRetry : pollTimeout;
    }

    private void commit(ConsumerRecords<byte[], byte[]> records) {
        try {
            consumer.commitSync(records.nextOffsets());
        } catch (CommitFailedException | RebalanceInProgressException | TimeoutException e) {
            // the rows are stored; whoever owns the partitions next re-reads them and skips them as duplicates
            log.warn("stored {} {} records but could not commit their offsets ({}); they will be read again "
                    + "and skipped as duplicates", records.count(), recordsName, e.toString());
        }
    }

    /** Partitions this consumer gains during a back-off stay paused with the rest until the retry. */
    private final class PauseWhileBackingOff implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing to hand over: a batch is either committed or was rewound before the next poll
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (retryAt != null) {
                consumer.pause(partitions);
            }
        }
    }
}
