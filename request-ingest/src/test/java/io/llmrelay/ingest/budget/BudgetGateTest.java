package io.llmrelay.ingest.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.llmrelay.ingest.auth.Caller;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.budget.BudgetPeriods;
import org.junit.jupiter.api.Test;

class BudgetGateTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Caller ALICE = new Caller("k1", "alice", "research");

    /** What the replica's copy of llm.budget.status holds; a key absent is a subject without a budget (tombstone). */
    private final Map<String, BudgetStatus> statuses = new HashMap<>();
    private final BudgetGate gate = gate(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);

    @Test
    void refusesAUserWhoseHardBudgetIsExhaustedThisMonth() {
        status("user", "alice", "2026-11", 12_340_000, 12_000_000, true);

        assertThatThrownBy(() -> gate.check(ALICE)).isInstanceOfSatisfying(BudgetExceededException.class, e -> {
            assertThat(e.getMessage())
                    .isEqualTo("budget of user 'alice' for 2026-11 is exhausted: spent $12.34 of $12.00");
            assertThat(e.subjectType()).isEqualTo("user");
        });
    }

    @Test
    void refusesEveryKeyOfABlockedTeam() {
        status("team", "research", "2026-11", 12_340_000, 12_000_000, true);

        assertThatThrownBy(() -> gate.check(new Caller("k2", "bob", "research")))
                .hasMessage("budget of team 'research' for 2026-11 is exhausted: spent $12.34 of $12.00");
        assertThatCode(() -> gate.check(new Caller("k3", "carol", "platform"))).doesNotThrowAnyException();
    }

    @Test
    void refusesABlockedKeyForItsDay() {
        status("key", "k1", "2026-11-26", 1_000_000, 1_000_000, true);

        assertThatThrownBy(() -> gate.check(ALICE))
                .hasMessage("budget of key 'k1' for 2026-11-26 is exhausted: spent $1.00 of $1.00");
        assertThatCode(() -> gate.check(new Caller("k9", "alice", "research"))).doesNotThrowAnyException();
    }

    @Test
    void checksUserThenTeamThenKeyAsTheWorkersDo() {
        status("key", "k1", "2026-11", 2_000_000, 1_000_000, true);
        status("team", "research", "2026-11", 2_000_000, 1_000_000, true);

        assertThatThrownBy(() -> gate.check(ALICE)).isInstanceOfSatisfying(BudgetExceededException.class,
                e -> assertThat(e.subjectType()).isEqualTo("team"));
    }

    @Test
    void aCallerWithoutTeamIsCheckedByUserAndKey() {
        status("team", "", "2026-11", 2_000_000, 1_000_000, true);
        status("key", "solo-key", "2026-11", 2_000_000, 1_000_000, true);

        assertThatThrownBy(() -> gate.check(new Caller("solo-key", "solo", null)))
                .isInstanceOfSatisfying(BudgetExceededException.class,
                        e -> assertThat(e.subjectType()).isEqualTo("key"));
    }

    @Test
    void aSoftOrUnspentBudgetNeverRefuses() {
        status("user", "alice", "2026-11", 15_000_000, 12_000_000, false);
        status("team", "research", "2026-11", 1_000_000, 12_000_000, false);

        assertThatCode(() -> gate.check(ALICE)).doesNotThrowAnyException();
    }

    @Test
    void aBlockedStatusOfAnEarlierPeriodDoesNotRefuse() {
        // the aggregator writes December's status only with the first usage in December, some seconds late
        status("user", "alice", "2026-10", 20_000_000, 12_000_000, true);
        status("key", "k1", "2026-11-25", 2_000_000, 1_000_000, true);

        assertThatCode(() -> gate.check(ALICE)).doesNotThrowAnyException();
    }

    @Test
    void aMonthStillCurrentInUtcIsOverInAZoneAheadOfIt() {
        status("team", "research", "2026-11", 20_000_000, 12_000_000, true);
        Clock lastEvening = Clock.fixed(Instant.parse("2026-11-30T23:30:00Z"), ZoneOffset.UTC);

        assertThatThrownBy(() -> gate(lastEvening, ZoneOffset.UTC).check(ALICE))
                .isInstanceOf(BudgetExceededException.class);
        assertThatCode(() -> gate(lastEvening, ZoneId.of("Europe/Berlin")).check(ALICE)).doesNotThrowAnyException();
    }

    @Test
    void aTombstonedSubjectIsServedAgain() {
        status("team", "research", "2026-11", 20_000_000, 12_000_000, true);
        assertThatThrownBy(() -> gate.check(ALICE)).isInstanceOf(BudgetExceededException.class);

        statuses.remove("team:research");

        assertThatCode(() -> gate.check(ALICE)).doesNotThrowAnyException();
    }

    @Test
    void theDisabledGateNeverRefuses() {
        assertThatCode(() -> BudgetGate.disabled().check(ALICE)).doesNotThrowAnyException();
    }

    private BudgetGate gate(Clock clock, ZoneId zone) {
        return new BudgetGate(key -> Optional.ofNullable(statuses.get(key)), new BudgetPeriods(clock, zone));
    }

    private void status(String type, String id, String period, long spent, long limit, boolean blocked) {
        statuses.put(type + ":" + id, BudgetStatus.newBuilder().setSubjectType(type).setSubjectId(id)
                .setPeriod(period).setSpentMicros(spent).setLimitMicros(limit).setBlocked(blocked)
                .setUpdatedAt(NOW).build());
    }
}
