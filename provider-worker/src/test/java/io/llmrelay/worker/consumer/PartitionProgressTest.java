package io.llmrelay.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    private final PartitionProgress progress = new PartitionProgress();

    @Test
    void commitsNothingBeforeTheFirstRecordFinishes() {
        progress.taken(10);
        progress.taken(11);

        assertThat(progress.commitDue()).isEmpty();
    }

    @Test
    void commitsOnlyBelowTheOldestUnfinishedRecord() {
        progress.taken(10);
        progress.taken(11);
        progress.taken(12);

        progress.finished(11);
        progress.finished(12);
        assertThat(progress.commitDue()).as("10 still runs").isEmpty();

        progress.finished(10);
        assertThat(progress.commitDue()).hasValue(13);
    }

    @Test
    void advancesThroughOutOfOrderCompletionsAsTheGapsClose() {
        for (long offset = 0; offset < 5; offset++) {
            progress.taken(offset);
        }
        progress.finished(0);
        progress.finished(3);
        assertThat(progress.commitDue()).hasValue(1);
        progress.committed(1);

        progress.finished(2);
        assertThat(progress.commitDue()).as("1 still runs").isEmpty();

        progress.finished(1);
        assertThat(progress.commitDue()).as("4 still runs").hasValue(4);
        assertThat(progress.pendingCount()).isEqualTo(1);
    }

    @Test
    void commitsPastGapsInTheOffsets() {
        progress.taken(5);
        progress.taken(9);

        progress.finished(9);
        progress.finished(5);

        assertThat(progress.commitDue()).hasValue(10);
    }

    @Test
    void offersAnOffsetOnlyOnceUntilItMovesAgain() {
        progress.taken(0);
        progress.taken(1);
        progress.finished(0);
        progress.committed(1);

        assertThat(progress.commitDue()).isEmpty();

        progress.finished(1);
        assertThat(progress.commitDue()).hasValue(2);
    }

    @Test
    void rejectsOffsetsThatDoNotAscend() {
        progress.taken(7);

        assertThatThrownBy(() -> progress.taken(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> progress.taken(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsFinishingARecordThatIsNotPending() {
        progress.taken(4);
        progress.taken(5);
        progress.finished(5);

        assertThatThrownBy(() -> progress.finished(5)).hasMessageContaining("twice");
        assertThatThrownBy(() -> progress.finished(6)).hasMessageContaining("not pending");
        assertThatThrownBy(() -> progress.finished(3)).hasMessageContaining("not pending");
    }
}
