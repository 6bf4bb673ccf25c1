package io.llmrelay.worker.ratelimit;

import static io.llmrelay.worker.ratelimit.TokenEstimatorTest.message;
import static io.llmrelay.worker.ratelimit.TokenEstimatorTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.postgres.PostgresServer;
import io.llmrelay.worker.provider.Secret;
import io.llmrelay.worker.provider.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three limiters, each with its own connection pool and Bucket4j proxy manager as three worker replicas would have,
 * sharing limits through one real PostgreSQL database.
 */
class SharedRateLimitsIT {

    private static final Target GPT = new Target("openai", "gpt-4o-mini");
    private static final TokenEstimator ESTIMATOR = new TokenEstimator(1024);
    /** 9 prompt tokens plus 291 completion tokens: 300. */
    private static final CompletionRequest THREE_HUNDRED = request(291, message("user", "Hello world", null));

    private final PostgresServer postgres = SharedInfra.postgres();
    private final Clock clock = Clock.systemUTC();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private String jdbcUrl;

    @BeforeEach
    void createDatabase() {
        jdbcUrl = postgres.createDatabase("ratelimit_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    }

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void threeWorkersHammeringOneLimitAreGrantedExactlyTheLimitAndTheRestRefusedByTheirDeadline() throws Exception {
        startWithRoomInWindow(Duration.ofMinutes(1), Duration.ofSeconds(5));
        List<RateLimiter> workers = workers(new RateLimitSettings.Limit("openai", "*", 20L, null,
                Duration.ofMinutes(1)));
        Instant deadline = clock.instant().plusSeconds(2);

        List<Reservation> results = hammer(workers, 20, () -> deadline);

        assertThat(results).hasSize(60);
        assertThat(results).filteredOn(Reservation::granted).hasSize(20);
        assertThat(results).filteredOn(reservation -> !reservation.granted())
                .hasSize(40)
                .allSatisfy(refused -> assertThat(refused.reservedTokens()).isZero());
    }

    @Test
    void waitersAreGrantedInLaterWindowsAndNoWindowGrantsMoreThanTheLimit() throws Exception {
        Duration window = Duration.ofSeconds(2);
        List<RateLimiter> workers = workers(new RateLimitSettings.Limit("openai", "*", 20L, null, window));
        List<Instant> grantedAt = Collections.synchronizedList(new ArrayList<>());
        // the grants below are counted from the first one: it must fall early in its window
        startWithRoomInWindow(window, Duration.ofMillis(1700));
        Instant deadline = clock.instant().plusSeconds(30);

        List<Reservation> results = hammer(workers, 15, () -> deadline, grantedAt);

        assertThat(results).hasSize(45).allSatisfy(reservation -> assertThat(reservation.granted()).isTrue());
        assertThat(results).filteredOn(reservation -> reservation.waited().compareTo(window.dividedBy(2)) > 0)
                .as("those beyond the first window waited for a later one").hasSizeGreaterThanOrEqualTo(25);
        List<Instant> sorted = grantedAt.stream().sorted().toList();
        Instant first = sorted.getFirst();
        // grant k happens in window k / 20 or later; the allowance of a window comes back whole at its start, so the
        // k-th grant cannot come before first + (k / 20) windows (less the time the first grant took to be recorded)
        Duration slack = Duration.ofMillis(500);
        for (int k = 0; k < sorted.size(); k++) {
            Instant earliest = first.plus(window.multipliedBy(k / 20)).minus(slack);
            assertThat(sorted.get(k)).as("grant %d", k).isAfterOrEqualTo(earliest);
        }
    }

    @Test
    void tokensAreSharedAndWhatOneWorkerGivesBackAnotherCanTake() throws Exception {
        startWithRoomInWindow(Duration.ofMinutes(1), Duration.ofSeconds(5));
        List<RateLimiter> workers = workers(new RateLimitSettings.Limit("openai", "*", null, 1000L,
                Duration.ofMinutes(1)));
        RateLimiter a = workers.get(0);
        RateLimiter b = workers.get(1);
        RateLimiter c = workers.get(2);

        Reservation first = a.acquire(GPT, THREE_HUNDRED, soon());
        assertThat(b.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();
        assertThat(c.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();
        assertThat(b.acquire(GPT, THREE_HUNDRED, soon()).granted()).as("1200 > 1000").isFalse();

        a.settle(first, new TokenUsage(9, 41, 0));

        assertThat(b.acquire(GPT, THREE_HUNDRED, soon()).granted()).as("250 given back by another worker").isTrue();
        assertThat(c.acquire(GPT, THREE_HUNDRED, soon()).granted()).isFalse();
    }

    @Test
    void aChangedLimitStartsFreshBucketsInTheSameTable() throws Exception {
        startWithRoomInWindow(Duration.ofMinutes(1), Duration.ofSeconds(5));
        RateLimiter before = workers(new RateLimitSettings.Limit("openai", "*", 1L, null, Duration.ofMinutes(1)))
                .getFirst();
        assertThat(before.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();
        assertThat(before.acquire(GPT, THREE_HUNDRED, soon()).granted()).isFalse();

        RateLimiter after = workers(new RateLimitSettings.Limit("openai", "*", 2L, null, Duration.ofMinutes(1)))
                .getFirst();

        assertThat(after.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();
        assertThat(after.acquire(GPT, THREE_HUNDRED, soon()).granted()).isTrue();
        assertThat(after.acquire(GPT, THREE_HUNDRED, soon()).granted()).isFalse();
    }

    private List<Reservation> hammer(List<RateLimiter> workers, int callsEach, Callable<Instant> deadline)
            throws Exception {
        return hammer(workers, callsEach, deadline, new ArrayList<>());
    }

    /** Every call on a virtual thread of its own, all started together. */
    private List<Reservation> hammer(List<RateLimiter> workers, int callsEach, Callable<Instant> deadline,
                                     List<Instant> grantedAt) throws Exception {
        List<Future<Reservation>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (RateLimiter worker : workers) {
                for (int i = 0; i < callsEach; i++) {
                    calls.add(threads.submit(() -> {
                        Reservation reservation = worker.acquire(GPT, THREE_HUNDRED, deadline.call());
                        if (reservation.granted()) {
                            grantedAt.add(clock.instant());
                        }
                        return reservation;
                    }));
                }
            }
        }
        List<Reservation> results = new ArrayList<>();
        for (Future<Reservation> call : calls) {
            results.add(call.get());
        }
        return results;
    }

    private List<RateLimiter> workers(RateLimitSettings.Limit limit) {
        RateLimitSettings.Datasource datasource = new RateLimitSettings.Datasource(jdbcUrl, postgres.username(),
                Secret.of(postgres.password()), 4, "relay_rate_limit_bucket");
        RateLimitSettings settings = new RateLimitSettings(List.of(limit), 1024, RateLimitSettings.Backend.POSTGRESQL,
                datasource);
        List<RateLimiter> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(postgres.username());
            config.setPassword(postgres.password());
            config.setMaximumPoolSize(datasource.poolSize());
            HikariDataSource pool = new HikariDataSource(config);
            pools.add(pool);
            workers.add(new RateLimiter(settings, new PostgresBuckets(pool, datasource.table()), ESTIMATOR,
                    new ProviderHolds(clock), new RateLimitMetrics(new SimpleMeterRegistry()), clock));
        }
        return workers;
    }

    private Instant soon() {
        return clock.instant().plusMillis(500);
    }

    /**
     * Windows are aligned to the epoch: a test that must not see a window end waits, when the current window has less
     * than {@code needed} left, until just after it ends.
     */
    private static void startWithRoomInWindow(Duration period, Duration needed) throws InterruptedException {
        long periodMillis = period.toMillis();
        long left = periodMillis - System.currentTimeMillis() % periodMillis;
        if (left < needed.toMillis()) {
            Thread.sleep(left + 50);
        }
    }
}
