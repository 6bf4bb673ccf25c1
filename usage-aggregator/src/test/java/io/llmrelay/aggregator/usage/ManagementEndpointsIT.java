package io.llmrelay.aggregator.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.http.ManagementEndpoints;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The aggregator's probes and Prometheus scrape on its management port; {@link ReadinessOutageIT} stops things. */
class ManagementEndpointsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER_ID = "user-id-agg-mgmt-3d9e";
    private static final String TEAM_ID = "team-id-agg-mgmt-7a10";
    private static final String KEY_ID = "key-id-agg-mgmt-b6c5";

    private static UsageTopics topics;
    private static RunningAggregator aggregator;

    @BeforeAll
    static void start() {
        PostgresServer postgres = SharedInfra.postgres();
        topics = new UsageTopics();
        String jdbcUrl = postgres.createDatabase("agg_" + UsageTopics.randomHex());
        aggregator = RunningAggregator.start(
                topics.aggregatorProperties(jdbcUrl, postgres.username(), postgres.password()));
    }

    @AfterAll
    static void stop() {
        if (aggregator != null) {
            aggregator.close();
        }
        if (topics != null) {
            topics.close();
        }
    }

    @Test
    void livenessAndReadinessAreUpWhileKafkaAndPostgresAnswer() {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> ManagementEndpoints.get(aggregator.managementUri("/actuator/health/readiness")).statusCode() == 200);

        HttpResponse<String> liveness = ManagementEndpoints.timedGet(aggregator.managementUri("/actuator/health/liveness"));
        HttpResponse<String> readiness = ManagementEndpoints.timedGet(aggregator.managementUri("/actuator/health/readiness"));

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(ManagementEndpoints.json(liveness).path("components").propertyNames()).containsExactly("livenessState");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(ManagementEndpoints.json(readiness).path("components").propertyNames())
                .containsExactlyInAnyOrder("readinessState", "kafka", "database");
        assertThat(ManagementEndpoints.component(readiness, "database")).isEqualTo("UP");
        assertThat(ManagementEndpoints.component(readiness, "kafka")).isEqualTo("UP");
    }

    @Test
    void prometheusScrapeHasTheUsageWriterCountsAndNoCallerOrKey() {
        UsageEvent event = UsageEvents.priced("req-id-agg-mgmt-51f0", 1, USER_ID).setTeamId(TEAM_ID).setKeyId(KEY_ID)
                .setAttemptId("3f6c2b7e-8d41-4a0c-9e15-6b2d7f8a1c90").build();
        topics.send(event);
        topics.send(event);
        topics.sendRaw(USER_ID.getBytes(StandardCharsets.UTF_8), "not a usage event".getBytes(StandardCharsets.UTF_8));
        UsageMetrics counts = aggregator.metrics();
        await().atMost(WAIT).until(() -> counts.rowsInserted() + counts.duplicatesSkipped() == 2
                && counts.deadLettered() == 1);

        String metrics = ManagementEndpoints.get(aggregator.managementUri("/actuator/prometheus")).body();

        assertThat(metrics)
                .contains("relay_aggregator_rows_inserted_total 1.0")
                .contains("relay_aggregator_duplicates_skipped_total 1.0")
                .contains("relay_aggregator_dead_letters_total 1.0")
                .contains("relay_aggregator_store_failures_total 0.0")
                .contains("relay_aggregator_records_pending 0.0")
                .contains("hikaricp_connections_active{pool=\"usage-aggregator\"}");
        assertThat(metrics).doesNotContain(USER_ID, TEAM_ID, KEY_ID, event.getRequestId(), event.getAttemptId());
    }
}
