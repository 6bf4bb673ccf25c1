package io.llmrelay.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetCommitsTest {

    private static final TopicPartition P0 = new TopicPartition("llm.requests", 0);
    private static final Map<TopicPartition, OffsetAndMetadata> UP_TO_1 = Map.of(P0, new OffsetAndMetadata(1));

    private final InFlightRecords inFlight = new InFlightRecords();
    // no interval: every call may commit, so the test needs no clock that moves
    private final OffsetCommits commits = new OffsetCommits(inFlight, Duration.ZERO,
            Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));
    private final HeldCommits consumer = new HeldCommits();

    @Test
    void offsetsStayDueUntilTheBrokerConfirmsTheirCommit() {
        answered(0);

        commits.commitIfDue(consumer);
        commits.commitIfDue(consumer);
        assertThat(consumer.sent).as("not confirmed yet, so sent again").containsExactly(UP_TO_1, UP_TO_1);

        consumer.complete(null);
        commits.commitIfDue(consumer);
        assertThat(consumer.sent).hasSize(2);
        assertThat(inFlight.commitsDue()).isEmpty();
    }

    @Test
    void aFailedAsyncCommitIsMadeAgain() {
        answered(0);
        commits.commitIfDue(consumer);

        consumer.complete(new RetriableCommitFailedException("the group coordinator moved"));
        commits.commitIfDue(consumer);

        assertThat(consumer.sent).containsExactly(UP_TO_1, UP_TO_1);
        assertThat(inFlight.commitsDue()).isEqualTo(UP_TO_1);
    }

    @Test
    void aRevocationCommitsWhatAnUnconfirmedAsyncCommitCarried() {
        answered(0);
        commits.commitIfDue(consumer);

        commits.commitNow(consumer, List.of(P0));

        assertThat(consumer.synced).containsExactly(UP_TO_1);
        assertThat(inFlight.commitsDue()).isEmpty();
    }

    private void answered(long offset) {
        PartitionProgress progress = inFlight.taken(new ConsumerRecord<>(P0.topic(), P0.partition(), offset,
                new byte[0], new byte[0]));
        inFlight.answered(progress, offset);
        inFlight.applyCompletions();
    }

    /**
     * Keeps async commits unanswered until the test completes them, as a real consumer answers them in a later
     * poll or commit. Synchronous commits succeed at once.
     */
    private static final class HeldCommits extends MockConsumer<byte[], byte[]> {

        private record Held(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        }

        final List<Map<TopicPartition, OffsetAndMetadata>> sent = new ArrayList<>();
        final List<Map<TopicPartition, OffsetAndMetadata>> synced = new ArrayList<>();
        private final List<Held> held = new ArrayList<>();

        HeldCommits() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             OffsetCommitCallback callback) {
            sent.add(Map.copyOf(offsets));
            held.add(new Held(offsets, callback));
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            synced.add(Map.copyOf(offsets));
        }

        /** Answers every async commit made so far, with {@code error} or, when null, success. */
        void complete(Exception error) {
            held.forEach(commit -> commit.callback().onComplete(commit.offsets(), error));
            held.clear();
        }
    }
}
