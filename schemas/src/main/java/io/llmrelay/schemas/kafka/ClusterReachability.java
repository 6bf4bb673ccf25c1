package io.llmrelay.schemas.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers, as a background check last saw it: an {@link Admin#describeCluster()} bounded
 * by {@code timeout}, repeated {@code interval} after the previous one ended, on a thread of its own. Readers
 * ({@link #current()}, called by the services' readiness checks) never wait for Kafka, so a health endpoint answers
 * at once whether the cluster answers, refuses or hangs. The cost is staleness: a cluster that stops answering is
 * seen within {@code interval + timeout}.
 *
 * <p>DescribeCluster needs no ACL (only its optional authorized-operations part does), so the services' least
 * privilege KafkaUsers are enough. No Spring here: each service wraps this in a HealthIndicator of its own.
 */
public final class ClusterReachability implements AutoCloseable {

    /** Longest one check waits for the cluster; kept under a second so that probes with a 1 s timeout see fresh data. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** Pause between checks: one tiny request every few seconds per replica, and an outage seen within ~3 s. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ClusterReachability.class);

    private final Admin admin;
    private final Duration timeout;
    private final Duration staleAfter;
    private final Clock clock;
    private final ScheduledExecutorService checker;
    private volatile Reachability last;
    /** Checker thread only. */
    private boolean checkedOnce;

    /** What the last check found. */
    public sealed interface Reachability {

        /** When the check ended. */
        Instant checkedAt();
    }

    /** @param brokers how many brokers the cluster's metadata lists */
    public record Reachable(String clusterId, int brokers, Instant checkedAt) implements Reachability {
    }

    /** @param reason what went wrong, safe to show: exception class and message, never a configuration value */
    public record Unreachable(String reason, Instant checkedAt) implements Reachability {
    }

    private ClusterReachability(Admin admin, Duration timeout, Duration interval, Clock clock) {
        this.admin = admin;
        this.timeout = timeout;
        // checks are bounded, so only a checker thread that died or hangs leaves a result this old
        this.staleAfter = interval.plus(timeout).multipliedBy(2);
        this.clock = clock;
        this.last = new Unreachable("not checked yet", clock.instant());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("kafka-reachability").daemon(true).factory());
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.checker = executor;
        checker.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts checking at once with the default timeout and interval.
     *
     * @param clientProperties the service's further Kafka client configs ({@code security.protocol}, {@code ssl.*},
     *                         {@code sasl.*}), so the check reaches the cluster the way the service's clients do
     * @param clientId         names this admin client in the broker's logs and quotas
     */
    public static ClusterReachability start(String bootstrapServers, Map<String, String> clientProperties,
                                            String clientId) {
        return start(bootstrapServers, clientProperties, clientId, DEFAULT_TIMEOUT, DEFAULT_INTERVAL, Clock.systemUTC());
    }

    public static ClusterReachability start(String bootstrapServers, Map<String, String> clientProperties,
                                            String clientId, Duration timeout, Duration interval, Clock clock) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (timeout.isNegative() || timeout.isZero() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("timeout and interval must be positive, were " + timeout + " and "
                    + interval);
        }
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        // both, because the admin client raises a request timeout above the API timeout to match it
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return new ClusterReachability(Admin.create(config), timeout, interval, clock);
    }

    /**
     * The last check's finding, without waiting. A finding older than twice the time a check cycle takes counts as
     * unreachable: then the checks themselves have stopped.
     */
    public Reachability current() {
        Reachability seen = last;
        Instant now = clock.instant();
        if (Duration.between(seen.checkedAt(), now).compareTo(staleAfter) > 0) {
            return new Unreachable("no check has completed since " + seen.checkedAt(), seen.checkedAt());
        }
        return seen;
    }

    private void check() {
        Reachability found;
        try {
            found = describe();
        } catch (InterruptedException e) {
            // close() stops the checker
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            // a check that throws would cancel every later one
            found = new Unreachable(e.toString(), clock.instant());
        }
        logChange(checkedOnce ? last : null, found);
        checkedOnce = true;
        last = found;
    }

    private Reachability describe() throws InterruptedException {
        DescribeClusterResult cluster = admin.describeCluster(
                new DescribeClusterOptions().timeoutMs(Math.toIntExact(timeout.toMillis())));
        // the admin client fails the futures at its own timeout; this bound only guards against it not doing so
        long waitMs = timeout.toMillis() + 500;
        try {
            String clusterId = cluster.clusterId().get(waitMs, TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(waitMs, TimeUnit.MILLISECONDS).size();
            return new Reachable(clusterId, brokers, clock.instant());
        } catch (ExecutionException e) {
            return new Unreachable(e.getCause().toString(), clock.instant());
        } catch (TimeoutException e) {
            return new Unreachable("no answer within " + waitMs + " ms", clock.instant());
        }
    }

    /** Once per change, not once per check: an outage of an hour must not log 1,800 lines. */
    private static void logChange(Reachability before, Reachability now) {
        if (now instanceof Unreachable(String reason, _) && !(before instanceof Unreachable)) {
            log.warn("Kafka is unreachable ({}); readiness reports DOWN until it answers again", reason);
        } else if (now instanceof Reachable(String clusterId, int brokers, _) && !(before instanceof Reachable)) {
            log.info("Kafka cluster {} answers ({} brokers)", clusterId, brokers);
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
        try {
            checker.awaitTermination(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ZERO);
    }
}
