package io.llmrelay.worker.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the offsets {@link InFlightRecords} says are safe: asynchronously and at most every
 * {@code interval} while running, synchronously when partitions are revoked or the worker stops. Offsets
 * count as committed only once the broker confirmed them. A failed commit only means a later one carries
 * the offsets, or, after a crash, that a few answered requests are answered again under the same request
 * id. Poll thread only.
 */
final class OffsetCommits {

    private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);

    private final InFlightRecords inFlight;
    private final Duration interval;
    private final Clock clock;
    private Instant last = Instant.EPOCH;

    OffsetCommits(InFlightRecords inFlight, Duration interval, Clock clock) {
        this.inFlight = inFlight;
        this.interval = interval;
        this.clock = clock;
    }

    void commitIfDue(Consumer<?, ?> consumer) {
        Instant now = clock.instant();
        if (Duration.between(last, now).compareTo(interval) < 0) {
            return;
        }
        last = now;
        Map<TopicPartition, OffsetAndMetadata> due = inFlight.commitsDue();
        if (due.isEmpty()) {
            return;
        }
        // the callback runs on this thread, inside a later poll or commit; until it reports success the offsets
        // stay due, so a failed commit is made again and a revocation commits them synchronously
        consumer.commitAsync(due, (offsets, error) -> {
            if (error == null) {
                inFlight.committed(offsets);
            } else {
                log.warn("committing offsets {} failed: {}; committing them again", offsets, error.toString());
            }
        });
    }

    void commitNow(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> due = inFlight.commitsDue(partitions);
        if (due.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(due);
            inFlight.committed(due);
        } catch (RuntimeException e) {
            log.warn("committing offsets {} failed: {}; their records may be answered twice", due, e.toString());
        }
    }
}
