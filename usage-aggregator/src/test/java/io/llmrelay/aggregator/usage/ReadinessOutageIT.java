package io.llmrelay.aggregator.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.http.ManagementEndpoints;
import io.llmrelay.testkit.kafka.EmbeddedKafkaBroker;
import io.llmrelay.testkit.postgres.EmbeddedPostgresServer;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness follows Kafka and PostgreSQL: each is stopped, on a server of the test's own, under a running
 * aggregator. Every probe is answered within the probes' timeout meanwhile, and liveness stays UP.
 */
class ReadinessOutageIT {

    private static final Duration TURNS_DOWN_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** Null while stopped by the test. */
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaBroker broker;

    @AfterEach
    void closeInReverseOrder() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void readinessIsDownWhilePostgresIsStoppedAndUpAgainOnceItIsBack() {
        int port = freePort();
        postgres = EmbeddedPostgresServer.start(port, dataDir);
        String jdbcUrl = postgres.createDatabase("agg_readiness");
        UsageTopics topics = own(new UsageTopics());
        RunningAggregator aggregator = own(RunningAggregator.start(
                topics.aggregatorProperties(jdbcUrl, postgres.username(), postgres.password())));
        URI readiness = aggregator.managementUri("/actuator/health/readiness");
        await().atMost(Duration.ofSeconds(15)).until(() -> ManagementEndpoints.get(readiness).statusCode() == 200);

        postgres.close();
        postgres = null;
        try {
            await().atMost(TURNS_DOWN_WITHIN).pollInterval(Duration.ofMillis(200))
                    .until(() -> ManagementEndpoints.timedGet(readiness).statusCode() == 503);
            HttpResponse<String> down = ManagementEndpoints.timedGet(readiness);
            assertThat(ManagementEndpoints.component(down, "database")).isEqualTo("DOWN");
            assertThat(ManagementEndpoints.component(down, "kafka")).isEqualTo("UP");
            assertLivenessUp(aggregator);
        } finally {
            postgres = EmbeddedPostgresServer.start(port, dataDir);
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ManagementEndpoints.timedGet(readiness).statusCode() == 200);
    }

    @Test
    void readinessIsDownWhileKafkaIsStopped() {
        broker = EmbeddedKafkaBroker.start(0, dataDir, true);
        PostgresServer shared = SharedInfra.postgres();
        UsageTopics topics = own(new UsageTopics(broker));
        String jdbcUrl = shared.createDatabase("agg_" + UsageTopics.randomHex());
        RunningAggregator aggregator = own(RunningAggregator.start(
                topics.aggregatorProperties(jdbcUrl, shared.username(), shared.password())));
        URI readiness = aggregator.managementUri("/actuator/health/readiness");
        await().atMost(Duration.ofSeconds(15)).until(() -> ManagementEndpoints.get(readiness).statusCode() == 200);

        // its producers first (closing twice is harmless), so they do not wait on a broker that is gone
        topics.close();
        broker.close();
        broker = null;

        await().atMost(TURNS_DOWN_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> ManagementEndpoints.timedGet(readiness).statusCode() == 503);
        HttpResponse<String> down = ManagementEndpoints.timedGet(readiness);
        assertThat(ManagementEndpoints.component(down, "kafka")).isEqualTo("DOWN");
        assertThat(ManagementEndpoints.component(down, "database")).isEqualTo("UP");
        assertLivenessUp(aggregator);
    }

    private static void assertLivenessUp(RunningAggregator aggregator) {
        HttpResponse<String> liveness = ManagementEndpoints.timedGet(aggregator.managementUri("/actuator/health/liveness"));
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(ManagementEndpoints.json(liveness).path("status").stringValue()).isEqualTo("UP");
    }

    private <T extends AutoCloseable> T own(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
