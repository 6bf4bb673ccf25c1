package io.llmrelay.worker.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Records taken from Kafka and not yet answered, and the offsets that are safe to commit. Handler threads
 * only enqueue their completions; everything else runs on the poll thread, which owns the consumer, so
 * no lock is needed. A completion points at the {@link PartitionProgress} of the assignment it was taken
 * under: one that finishes after its partition was revoked updates a progress nobody commits any more,
 * and cannot disturb a later assignment of the same partition.
 */
final class InFlightRecords {

    private record Completion(PartitionProgress progress, long offset, boolean answered) {
    }

    private final Map<TopicPartition, PartitionProgress> assigned = new HashMap<>();
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    /** Written by the poll thread only; volatile so that a metrics scrape may read it. */
    private volatile int count;

    /** Poll thread. */
    PartitionProgress taken(ConsumerRecord<?, ?> record) {
        PartitionProgress progress = assigned.computeIfAbsent(
                new TopicPartition(record.topic(), record.partition()), tp -> new PartitionProgress());
        progress.taken(record.offset());
        count++;
        return progress;
    }

    /** Any thread: the record was answered and may be committed. */
    void answered(PartitionProgress progress, long offset) {
        completions.add(new Completion(progress, offset, true));
    }

    /** Any thread: the record was given up unanswered; it frees its slot but holds back its partition's commits. */
    void abandoned(PartitionProgress progress, long offset) {
        completions.add(new Completion(progress, offset, false));
    }

    /** Poll thread: applies the completions signalled since the last call. */
    void applyCompletions() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            count--;
            if (completion.answered()) {
                completion.progress().finished(completion.offset());
            }
        }
    }

    /** Records taken and not yet answered or abandoned, revoked partitions' included. */
    int count() {
        return count;
    }

    /** Poll thread: records of the given partitions taken and not yet below their commit point. */
    int pendingIn(Collection<TopicPartition> partitions) {
        int pending = 0;
        for (TopicPartition tp : partitions) {
            PartitionProgress progress = assigned.get(tp);
            pending += progress == null ? 0 : progress.pendingCount();
        }
        return pending;
    }

    void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> assigned.putIfAbsent(tp, new PartitionProgress()));
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(assigned::remove);
    }

    /** Offsets that moved since they were last committed, of the given partitions among the assigned ones. */
    Map<TopicPartition, OffsetAndMetadata> commitsDue(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> due = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionProgress progress = assigned.get(tp);
            if (progress != null) {
                progress.commitDue().ifPresent(offset -> due.put(tp, new OffsetAndMetadata(offset)));
            }
        }
        return due;
    }

    Map<TopicPartition, OffsetAndMetadata> commitsDue() {
        return commitsDue(assigned.keySet());
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, offset) -> {
            PartitionProgress progress = assigned.get(tp);
            if (progress != null) {
                progress.committed(offset.offset());
            }
        });
    }
}
