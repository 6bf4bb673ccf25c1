package io.llmrelay.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightRecordsTest {

    private static final TopicPartition P0 = new TopicPartition("llm.requests", 0);
    private static final TopicPartition P1 = new TopicPartition("llm.requests", 1);

    private final InFlightRecords inFlight = new InFlightRecords();

    @Test
    void countsRecordsUntilTheirCompletionsAreApplied() {
        inFlight.assigned(List.of(P0));
        PartitionProgress progress = inFlight.taken(record(P0, 0));
        inFlight.taken(record(P0, 1));

        inFlight.answered(progress, 0);
        assertThat(inFlight.count()).as("not applied yet").isEqualTo(2);

        inFlight.applyCompletions();
        assertThat(inFlight.count()).isEqualTo(1);
        assertThat(inFlight.commitsDue()).isEqualTo(Map.of(P0, new OffsetAndMetadata(1)));
    }

    @Test
    void anAbandonedRecordFreesItsSlotButHoldsBackCommits() {
        inFlight.assigned(List.of(P0));
        PartitionProgress progress = inFlight.taken(record(P0, 0));
        inFlight.taken(record(P0, 1));

        inFlight.abandoned(progress, 0);
        inFlight.answered(progress, 1);
        inFlight.applyCompletions();

        assertThat(inFlight.count()).isZero();
        assertThat(inFlight.commitsDue()).isEmpty();
    }

    @Test
    void aRecordFinishingAfterItsPartitionWasRevokedAndReassignedDoesNotMoveTheNewAssignment() {
        inFlight.assigned(List.of(P0, P1));
        PartitionProgress before = inFlight.taken(record(P0, 0));
        inFlight.forget(List.of(P0));
        inFlight.assigned(List.of(P0));
        inFlight.taken(record(P0, 0));

        inFlight.answered(before, 0);
        inFlight.applyCompletions();

        assertThat(inFlight.count()).as("the redelivered copy still runs").isEqualTo(1);
        assertThat(inFlight.commitsDue()).isEmpty();
    }

    @Test
    void commitsDueOnlyForTheRequestedPartitions() {
        inFlight.assigned(List.of(P0, P1));
        PartitionProgress p0 = inFlight.taken(record(P0, 3));
        PartitionProgress p1 = inFlight.taken(record(P1, 8));
        inFlight.answered(p0, 3);
        inFlight.answered(p1, 8);
        inFlight.applyCompletions();

        assertThat(inFlight.commitsDue(List.of(P1))).isEqualTo(Map.of(P1, new OffsetAndMetadata(9)));

        inFlight.committed(Map.of(P1, new OffsetAndMetadata(9)));
        assertThat(inFlight.commitsDue()).isEqualTo(Map.of(P0, new OffsetAndMetadata(4)));
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, new byte[0], new byte[0]);
    }
}
