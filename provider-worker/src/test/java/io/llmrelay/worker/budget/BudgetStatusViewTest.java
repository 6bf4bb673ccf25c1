package io.llmrelay.worker.budget;

import static io.llmrelay.worker.budget.Budgets.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmrelay.testkit.time.MutableClock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.llmrelay.schemas.budget.BudgetPeriods;
import org.junit.jupiter.api.Test;

class BudgetStatusViewTest {

    private final MutableClock clock = new MutableClock(Budgets.NOW);
    private final Budgets data = new Budgets();
    private final BudgetStatusView view = data.view(new BudgetPeriods(clock, ZoneOffset.UTC));

    @Test
    void rejectsWhenTheTeamsMonthlyBudgetIsSpentAndSaysByHowMuch() {
        data.monthly("user", "alice", 5_000_000, 1_000_000, true, "2026-11");
        data.monthly("team", "x", 12_000_000, 12_340_000, true, "2026-11");

        var block = view.blocked(request("alice", "x", "k1", null));

        assertThat(block).hasValueSatisfying(b -> {
            assertThat(b.subject()).isEqualTo(new BudgetSubject("team", "x"));
            assertThat(b.period()).isEqualTo("2026-11");
            assertThat(b.spentMicros()).isEqualTo(12_340_000);
            assertThat(b.limitMicros()).isEqualTo(12_000_000);
            assertThat(b.message()).isEqualTo("budget of team 'x' for 2026-11 is exhausted: spent $12.34 of $12.00");
        });
    }

    @Test
    void namesTheFirstBlockedSubjectInTheOrderUserTeamKey() {
        data.monthly("key", "k1", 1_000_000, 1_000_000, true, "2026-11");
        data.monthly("team", "x", 1_000_000, 2_000_000, true, "2026-11");

        assertThat(view.blocked(request("alice", "x", "k1", null)))
                .hasValueSatisfying(b -> assertThat(b.subject().key()).isEqualTo("team:x"));
        assertThat(view.blocked(request("alice", null, "k1", null)))
                .hasValueSatisfying(b -> assertThat(b.subject().key()).isEqualTo("key:k1"));
    }

    @Test
    void aBlockOfLastMonthDoesNotBlockThisMonth() {
        data.monthly("user", "alice", 1_000_000, 1_500_000, true, "2026-10");

        assertThat(view.blocked(request("alice", null, null, null))).isEmpty();
        assertThat(view.spentShare(request("alice", null, null, null))).isZero();
    }

    @Test
    void aDayBudgetBlocksUntilMidnightInItsZone() {
        MutableClock late = new MutableClock(Instant.parse("2026-11-26T23:30:00Z"));
        BudgetStatusView berlin = data.view(new BudgetPeriods(late, ZoneId.of("Europe/Berlin")));
        BudgetStatusView utc = data.view(new BudgetPeriods(late, ZoneOffset.UTC));
        data.budget("user", "alice", "day", 1_000_000, true);
        data.status("user", "alice", "2026-11-26", 1_000_000, 1_000_000, true);

        assertThat(utc.blocked(request("alice", null, null, null))).isPresent();
        assertThat(berlin.blocked(request("alice", null, null, null)))
                .as("00:30 in Berlin is the 27th: yesterday's block is over").isEmpty();
    }

    @Test
    void aSoftBudgetNeverBlocksButCountsForTheSpentShare() {
        data.monthly("team", "x", 1_000_000, 1_200_000, false, "2026-11");

        assertThat(view.blocked(request("alice", "x", null, null))).isEmpty();
        assertThat(view.spentShare(request("alice", "x", null, null))).isEqualTo(1.2);
    }

    @Test
    void theSpentShareIsTheHighestOfTheSubjectsInTheCurrentPeriod() {
        data.monthly("user", "alice", 10_000_000, 2_500_000, false, "2026-11");
        data.monthly("team", "x", 4_000_000, 3_000_000, true, "2026-11");
        data.monthly("key", "k1", 1_000_000, 990_000, true, "2026-10");

        assertThat(view.spentShare(request("alice", "x", "k1", null))).isEqualTo(0.75);
        assertThat(view.spentShare(request("alice", null, "k1", null))).isEqualTo(0.25);
        assertThat(view.spentShare(request("bob", null, null, null))).isZero();
    }

    @Test
    void aHardBudgetWithLastMonthsStatusStartsThisMonthWithNothingSpent() {
        data.monthly("team", "x", 4_000_000, 3_000_000, true, "2026-10");

        assertThat(view.hardBudget(new BudgetSubject("team", "x"))).hasValueSatisfying(budget -> {
            assertThat(budget.period()).isEqualTo("2026-11");
            assertThat(budget.spentMicros()).isZero();
            assertThat(budget.limitMicros()).isEqualTo(4_000_000);
        });
        assertThat(view.hardBudget(new BudgetSubject("team", "y"))).isEmpty();
    }

    @Test
    void onlyHardBudgetsAreHeldAgainst() {
        data.monthly("team", "x", 4_000_000, 3_000_000, false, "2026-11");
        data.monthly("user", "alice", 4_000_000, 3_000_000, true, "2026-11");

        assertThat(view.hardBudget(new BudgetSubject("team", "x"))).isEmpty();
        assertThat(view.hardBudget(new BudgetSubject("user", "alice"))).hasValueSatisfying(budget ->
                assertThat(budget.spentMicros()).isEqualTo(3_000_000));
    }
}
