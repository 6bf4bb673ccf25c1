package io.llmrelay.aggregator.totals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The internal encodings of totals (store and changelog) and of the by-subject repartition topic. */
class SerdesTest {

    private final TotalsSerde totals = new TotalsSerde();
    private final SubjectEventSerde events = new SubjectEventSerde();

    @Test
    void totalsRoundTripAndForeignBytesAreRefused() {
        Totals value = new Totals(1, 2, 3, 4, Long.MAX_VALUE, 6, 7, 8);

        assertThat(totals.deserialize("t", totals.serialize("t", value))).isEqualTo(value);
        assertThat(totals.serialize("t", null)).isNull();
        assertThatThrownBy(() -> totals.deserialize("t", new byte[] {2, 0, 0})).isInstanceOf(SerializationException.class);
    }

    @Test
    void everyKindOfSubjectEventRoundTrips() {
        UsageEvent usage = UsageEvent.newBuilder().setRequestId("r").setAttempt(1).setUserId("u").setProvider("p")
                .setEndpoint("/e").setModel("m").setUsage(new TokenUsage(1, 2, 0)).setCostMicros(3).setPriced(true)
                .setSuccess(true).setOccurredAt(Instant.parse("2026-11-26T00:00:00Z")).build();
        Budget budget = Budget.newBuilder().setSubjectType("team").setSubjectId("a").setLimitMicros(5).setPeriod("day")
                .setThresholdsPercent(List.of(50)).setHard(false).setUpdatedAt(Instant.parse("2026-11-26T00:00:00Z"))
                .build();

        for (SubjectEvent event : List.of(new SubjectEvent.Spend(usage, true), new SubjectEvent.Spend(usage, false),
                new SubjectEvent.BudgetSet(budget), new SubjectEvent.BudgetRemoved())) {
            assertThat(events.deserialize("t", events.serialize("t", event))).isEqualTo(event);
        }
        assertThatThrownBy(() -> events.deserialize("t", new byte[] {9})).isInstanceOf(SerializationException.class);
    }
}
