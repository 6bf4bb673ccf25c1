package io.llmrelay.worker.budget;

import static io.llmrelay.worker.budget.Budgets.NOW;
import static io.llmrelay.worker.budget.Budgets.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmrelay.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.budget.BudgetPeriods;
import io.llmrelay.worker.cost.ModelPrice;
import io.llmrelay.worker.cost.PriceTable;
import io.llmrelay.worker.provider.Target;
import io.llmrelay.worker.ratelimit.TokenEstimator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The reservation rules, on one worker's in-memory holds; {@link SharedBudgetReservationsIT} shares them. */
class BudgetReservationsTest {

    /** 1 micro-USD per prompt token, 10 per completion token. */
    static final PriceTable PRICES = PriceTable.of(List.of(
            new ModelPrice("openai", "gpt-4o-mini", 1_000_000, 0, 10_000_000, "test", "2026-11-01"),
            new ModelPrice("openai", "gpt-4o", 5_000_000, 0, 20_000_000, "test", "2026-11-01")));
    static final TokenEstimator ESTIMATOR = new TokenEstimator(1024);
    /** "Hello world" from the user is 9 prompt tokens; 1000 completion tokens: 9 + 10 000 micro-USD. */
    static final long COST_OF_1000 = 10_009;

    private final MutableClock clock = new MutableClock(NOW);
    private final Budgets data = new Budgets();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BudgetReservations reservations = reservations(List.of(new Target("openai", "gpt-4o-mini")));

    private BudgetReservations reservations(List<Target> targets) {
        MaxCost maxCost = new MaxCost(model -> model.equals("gpt-4o-mini") ? targets : List.of(), PRICES::find,
                ESTIMATOR, 1024);
        return new BudgetReservations(data.view(new BudgetPeriods(clock, ZoneOffset.UTC)), maxCost,
                new LocalReservations(), clock, registry);
    }

    private BudgetHold reserve(CompletionRequest request) {
        return reservations.reserve(request, request.getDeadline());
    }

    @Test
    void holdsTheMaximumCostAgainstEveryHardBudgetOfTheRequest() {
        data.monthly("user", "alice", 1_000_000, 0, true, "2026-11");
        data.monthly("team", "x", 1_000_000, 0, true, "2026-11");
        data.monthly("key", "k1", 1_000_000, 0, false, "2026-11");

        BudgetHold hold = reserve(request("alice", "x", "k1", 1000));

        assertThat(hold.granted()).isTrue();
        assertThat(hold.reservedMicros()).isEqualTo(COST_OF_1000);
        assertThat(hold.subjects()).containsExactly(new BudgetSubject("user", "alice"), new BudgetSubject("team", "x"));
        assertThat(registry.counter("relay.worker.budget.reservations", "outcome", "held").count()).isEqualTo(1);
    }

    @Test
    void refusesARequestWhoseMaximumCostDoesNotFitWhatIsLeft() {
        data.monthly("team", "x", 100_000, 95_000, true, "2026-11");

        BudgetHold hold = reserve(request("alice", "x", null, 1000));

        assertThat(hold.granted()).isFalse();
        assertThat(hold.reservedMicros()).isZero();
        assertThat(hold.refusal()).hasValueSatisfying(refusal -> {
            assertThat(refusal.leftMicros()).isEqualTo(5_000);
            assertThat(refusal.maxCostMicros()).isEqualTo(COST_OF_1000);
            assertThat(refusal.message()).startsWith("the request's maximum cost $0.010009 does not fit the $0.005 left"
                    + " of the budget of team 'x' for 2026-11 ($0.10");
        });
        assertThat(registry.counter("relay.worker.budget.reservations", "outcome", "refused").count()).isEqualTo(1);
    }

    @Test
    void holdsOfRequestsInFlightLeaveLessRoomUntilReleasedOrSettledOnce() {
        data.monthly("user", "alice", 50_000, 20_000, true, "2026-11");
        BudgetHold first = reserve(request("alice", null, null, 1000));
        BudgetHold second = reserve(request("alice", null, null, 1000));

        BudgetHold third = reserve(request("alice", null, null, 1000));

        assertThat(first.granted()).isTrue();
        assertThat(second.granted()).isTrue();
        assertThat(third.refusal()).hasValueSatisfying(r -> assertThat(r.leftMicros()).isEqualTo(30_000 - 2 * COST_OF_1000));

        reservations.release(first);
        assertThat(reserve(request("alice", null, null, 1000)).granted()).isTrue();
        reservations.settle(second);
        reservations.settle(second);
        assertThat(reserve(request("alice", null, null, 1000)).granted()).isTrue();
        assertThat(reserve(request("alice", null, null, 1000)).granted())
                .as("settling twice gave back once").isFalse();
    }

    @Test
    void holdsStopCountingAtTheRequestsDeadline() {
        data.monthly("user", "alice", 50_000, 30_000, true, "2026-11");
        assertThat(reserve(request("alice", null, null, 1000)).granted()).isTrue();
        assertThat(reserve(request("alice", null, null, 1000)).granted()).isFalse();

        clock.advance(Duration.ofSeconds(61));

        assertThat(reservations.reserve(request("alice", null, null, 1000), clock.instant().plusSeconds(60))
                .granted()).isTrue();
    }

    @Test
    void holdsNothingOfAnyoneWhenOneBudgetHasNoRoom() {
        data.monthly("user", "alice", 100_000, 100_000 - COST_OF_1000, true, "2026-11");
        data.monthly("team", "x", 100_000, 100_000, true, "2026-11");

        BudgetHold refused = reserve(request("alice", "x", null, 1000));
        BudgetHold alone = reserve(request("alice", null, null, 1000));

        assertThat(refused.refusal()).hasValueSatisfying(r -> assertThat(r.subject().key()).isEqualTo("team:x"));
        assertThat(alone.granted()).as("the refused request held none of alice's room").isTrue();
    }

    @Test
    void holdsNothingWithoutAHardBudgetOrAPrice() {
        data.monthly("user", "alice", 1_000, 999, false, "2026-11");
        data.monthly("user", "bob", 1_000, 0, true, "2026-11");
        CompletionRequest unpriced = CompletionRequest.newBuilder(request("bob", null, null, 1000))
                .setModel("unknown-model").build();

        BudgetHold soft = reserve(request("alice", null, null, 1000));
        BudgetHold noPrice = reserve(unpriced);

        assertThat(soft.granted()).isTrue();
        assertThat(soft.reservedMicros()).isZero();
        assertThat(noPrice.granted()).isTrue();
        assertThat(noPrice.reservedMicros()).isZero();
        assertThat(registry.counter("relay.worker.budget.reservations", "outcome", "nothing_held").count())
                .isEqualTo(2);
    }

    @Test
    void holdsTheCostOfTheDearestTargetTheRequestMayBeSentToAndTheDefaultCompletionAllowance() {
        BudgetReservations routed = reservations(List.of(new Target("openai", "gpt-4o-mini"),
                new Target("openai", "gpt-4o"), new Target("vllm", "llama")));
        data.monthly("user", "alice", 1_000_000, 0, true, "2026-11");

        BudgetHold hold = routed.reserve(request("alice", null, null, null), NOW.plusSeconds(60));

        // gpt-4o: 9 prompt tokens at 5 micro-USD and the default 1024 completion tokens at 20
        assertThat(hold.reservedMicros()).isEqualTo(9 * 5 + 1024 * 20);
    }

    @Test
    void aNewMonthStartsWithoutLastMonthsHolds() {
        clock.set(Instant.parse("2026-11-30T23:59:00Z"));
        data.monthly("user", "alice", 50_000, 30_000, true, "2026-11");
        Instant later = Instant.parse("2026-12-01T01:00:00Z");
        assertThat(reservations.reserve(request("alice", null, null, 1000), later).granted()).isTrue();
        assertThat(reservations.reserve(request("alice", null, null, 1000), later).granted()).isFalse();

        clock.set(Instant.parse("2026-12-01T00:00:01Z"));

        BudgetHold december = reservations.reserve(request("alice", null, null, 1000), later);
        assertThat(december.granted()).isTrue();
    }
}
