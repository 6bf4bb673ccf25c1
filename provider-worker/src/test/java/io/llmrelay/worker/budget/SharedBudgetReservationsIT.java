package io.llmrelay.worker.budget;

import static io.llmrelay.worker.budget.BudgetReservationsTest.COST_OF_1000;
import static io.llmrelay.worker.budget.BudgetReservationsTest.ESTIMATOR;
import static io.llmrelay.worker.budget.BudgetReservationsTest.PRICES;
import static io.llmrelay.worker.budget.Budgets.NOW;
import static io.llmrelay.worker.budget.Budgets.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmrelay.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmrelay.schemas.budget.BudgetPeriods;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.postgres.PostgresServer;
import io.llmrelay.worker.provider.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three reservation services, each with its own connection pool as three worker replicas would have, holding
 * against one hard budget in one real PostgreSQL database from many threads at once: the overshoot measurement of
 * the budget design (printed as {@code OVERSHOOT ...} lines).
 */
class SharedBudgetReservationsIT {

    private static final int REPLICAS = 3;
    private static final int THREADS_PER_REPLICA = 8;
    private static final int REQUESTS_PER_THREAD = 10;
    /** $1.00 a month, $0.70 spent: room for 29 requests of 1000 completion tokens (29 x 10 009 = 290 261). */
    private static final long LIMIT = 1_000_000;
    private static final long SPENT = 700_000;

    private final PostgresServer postgres = SharedInfra.postgres();
    private final MutableClock clock = new MutableClock(NOW);
    private final Budgets data = new Budgets();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private String jdbcUrl;

    @BeforeEach
    void createDatabase() {
        jdbcUrl = postgres.createDatabase("budget_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        data.monthly("team", "x", LIMIT, SPENT, true, "2026-11");
    }

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void threeReplicasHammeringOneHardBudgetHoldExactlyWhatFitsAndNeverMore() throws Exception {
        List<BudgetReservations> replicas = replicas(() -> new PostgresReservations(pool()));

        List<BudgetHold> holds = hammer(replicas);

        long room = LIMIT - SPENT;
        List<BudgetHold> granted = holds.stream().filter(BudgetHold::granted).toList();
        long reserved = granted.stream().mapToLong(BudgetHold::reservedMicros).sum();
        report("postgresql", holds.size(), granted.size(), reserved, room);
        assertThat(holds).hasSize(REPLICAS * THREADS_PER_REPLICA * REQUESTS_PER_THREAD);
        assertThat(reserved).isLessThanOrEqualTo(room);
        assertThat(granted).as("every request that fitted was granted").hasSize((int) (room / COST_OF_1000));
        assertThat(holds).filteredOn(hold -> !hold.granted()).allSatisfy(hold -> {
            assertThat(hold.reservedMicros()).isZero();
            assertThat(hold.refusal()).hasValueSatisfying(r -> assertThat(r.leftMicros()).isLessThan(COST_OF_1000));
        });
    }

    @Test
    void perReplicaHoldsLetEachReplicaSpendTheWholeRoom() throws Exception {
        List<BudgetReservations> replicas = replicas(LocalReservations::new);

        List<BudgetHold> holds = hammer(replicas);

        long room = LIMIT - SPENT;
        List<BudgetHold> granted = holds.stream().filter(BudgetHold::granted).toList();
        long reserved = granted.stream().mapToLong(BudgetHold::reservedMicros).sum();
        report("in-memory per replica", holds.size(), granted.size(), reserved, room);
        assertThat(granted).as("without the database the room is granted once per replica")
                .hasSize(REPLICAS * (int) (room / COST_OF_1000));
    }

    @Test
    void whatOneReplicaReleasesOrSettlesAnotherCanHold() {
        List<BudgetReservations> replicas = replicas(() -> new PostgresReservations(pool()));
        List<BudgetHold> taken = fill(replicas.get(0));
        assertThat(replicas.get(1).reserve(request("bob", "x", null, 1000), deadline()).granted()).isFalse();

        replicas.get(0).release(taken.get(0));
        replicas.get(0).settle(taken.get(1));

        assertThat(replicas.get(1).reserve(request("bob", "x", null, 1000), deadline()).granted()).isTrue();
        assertThat(replicas.get(2).reserve(request("carol", "x", null, 1000), deadline()).granted()).isTrue();
        assertThat(replicas.get(2).reserve(request("carol", "x", null, 1000), deadline()).granted()).isFalse();
    }

    @Test
    void holdsOfAReplicaThatDiedExpireAtTheirRequestsDeadline() {
        List<BudgetReservations> replicas = replicas(() -> new PostgresReservations(pool()));
        fill(replicas.get(0));
        assertThat(replicas.get(1).reserve(request("bob", "x", null, 1000), deadline()).granted()).isFalse();

        clock.advance(Duration.ofSeconds(61));

        assertThat(fill(replicas.get(1))).as("all the room is free again").hasSize((int) ((LIMIT - SPENT) / COST_OF_1000));
    }

    @Test
    void aRequestGoesOutHoldingNothingWhileTheDatabaseIsAway() {
        HikariDataSource pool = pool();
        BudgetReservations replica = replicas(() -> new PostgresReservations(pool)).getFirst();
        pool.close();

        BudgetHold hold = replica.reserve(request("alice", "x", null, 1000), deadline());

        assertThat(hold.granted()).isTrue();
        assertThat(hold.reservedMicros()).isZero();
        assertThat(registry.counter("relay.worker.budget.reservations", "outcome", "store_unavailable").count())
                .isEqualTo(1);
    }

    @Test
    void twoReplicasCreatingTheTableAtOnceBothStart() throws Exception {
        try (ExecutorService starting = Executors.newFixedThreadPool(2)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<PostgresReservations>> stores = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                stores.add(starting.submit(() -> {
                    go.await();
                    return new PostgresReservations(pool());
                }));
            }
            go.countDown();
            for (Future<PostgresReservations> store : stores) {
                assertThat(store.get().shared()).isTrue();
            }
        }
    }

    /** Takes holds until refused; returns those granted. */
    private List<BudgetHold> fill(BudgetReservations replica) {
        List<BudgetHold> granted = new ArrayList<>();
        for (BudgetHold hold = replica.reserve(request("alice", "x", null, 1000), deadline()); hold.granted();
             hold = replica.reserve(request("alice", "x", null, 1000), deadline())) {
            granted.add(hold);
        }
        return granted;
    }

    private Instant deadline() {
        return clock.instant().plusSeconds(60);
    }

    private List<BudgetHold> hammer(List<BudgetReservations> replicas) throws Exception {
        List<Callable<List<BudgetHold>>> tasks = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (BudgetReservations replica : replicas) {
            for (int t = 0; t < THREADS_PER_REPLICA; t++) {
                String user = "user-" + tasks.size();
                tasks.add(() -> {
                    go.await();
                    List<BudgetHold> mine = new ArrayList<>();
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        mine.add(replica.reserve(request(user, "x", null, 1000), deadline()));
                    }
                    return mine;
                });
            }
        }
        List<BudgetHold> all = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(tasks.size())) {
            List<Future<List<BudgetHold>>> futures = tasks.stream().map(threads::submit).toList();
            go.countDown();
            for (Future<List<BudgetHold>> future : futures) {
                all.addAll(future.get());
            }
        }
        return all;
    }

    private List<BudgetReservations> replicas(Supplier<ReservationStore> stores) {
        List<BudgetReservations> replicas = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            MaxCost maxCost = new MaxCost(model -> List.of(new Target("openai", "gpt-4o-mini")), PRICES::find,
                    ESTIMATOR, 1024);
            replicas.add(new BudgetReservations(data.view(new BudgetPeriods(clock, ZoneOffset.UTC)), maxCost,
                    stores.get(), clock, registry));
        }
        return replicas;
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(postgres.username());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(THREADS_PER_REPLICA);
        config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
        HikariDataSource pool = new HikariDataSource(config);
        synchronized (pools) {
            pools.add(pool);
        }
        return pool;
    }

    private static void report(String store, int attempts, int granted, long reserved, long room) {
        System.out.printf("OVERSHOOT %s: %d replicas x %d threads, %d attempts of %d micro-USD each; granted %d,"
                        + " held %d micro-USD against %d left of the %d limit (overshoot %d)%n", store, REPLICAS,
                THREADS_PER_REPLICA, attempts, COST_OF_1000, granted, reserved, room, LIMIT,
                Math.max(0, reserved - room));
    }
}
