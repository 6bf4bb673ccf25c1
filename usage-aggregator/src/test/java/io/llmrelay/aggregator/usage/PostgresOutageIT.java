package io.llmrelay.aggregator.usage;

import static io.llmrelay.aggregator.db.Tables.API_USAGE_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.testkit.postgres.EmbeddedPostgresServer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** PostgreSQL stops after the aggregator has started, while events keep arriving, and comes back. */
@ExtendWith(OutputCaptureExtension.class)
class PostgresOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int EVENTS_DURING_OUTAGE = 10;

    @TempDir
    Path dataDir;

    @Test
    void keepsEveryEventThroughAPostgresOutageAndStoresEachExactlyOnce(CapturedOutput output) {
        int port = freePort();
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(port, dataDir);
        String jdbcUrl = postgres.createDatabase("agg_outage");
        try (UsageTopics topics = new UsageTopics()) {
            Map<String, String> properties = new HashMap<>(
                    topics.aggregatorProperties(jdbcUrl, postgres.username(), postgres.password()));
            String groupId = properties.get("relay.aggregator.group-id");
            try (RunningAggregator aggregator = RunningAggregator.start(properties)) {
                UsageMetrics metrics = aggregator.metrics();
                // one key, so every event lands in one partition and the back-off holds them as one batch
                RecordMetadata before = topics.send(UsageEvents.priced("req-before", 1, "user-outage").build());
                await().atMost(WAIT).until(() -> metrics.rowsInserted() == 1);
                await().atMost(WAIT).until(() -> topics.committedOffset(groupId, before.partition()) == before.offset() + 1);

                postgres.close();
                postgres = null;
                List<UsageEvent> during = IntStream.rangeClosed(1, EVENTS_DURING_OUTAGE)
                        .mapToObj(i -> UsageEvents.priced("req-during-" + i, 1, "user-outage").build())
                        .toList();
                during.forEach(topics::send);

                // polled, not stored, retried more than once, and nothing committed past them
                await().atMost(WAIT).until(() -> metrics.pendingRecords() == EVENTS_DURING_OUTAGE
                        && metrics.failedAttempts() >= 3);
                assertThat(metrics.rowsInserted()).isEqualTo(1);
                assertThat(topics.committedOffset(groupId, before.partition())).isEqualTo(before.offset() + 1);

                postgres = EmbeddedPostgresServer.start(port, dataDir);

                await().atMost(WAIT).until(() -> metrics.rowsInserted() == 1 + EVENTS_DURING_OUTAGE);
                assertThat(metrics.pendingRecords()).isZero();
                assertThat(metrics.duplicatesSkipped()).isZero();
                await().atMost(WAIT).until(() -> topics.committedOffset(groupId, before.partition())
                        == before.offset() + 1 + EVENTS_DURING_OUTAGE);
                DSLContext dsl = aggregator.dsl();
                List<Record2<String, Integer>> keys = dsl.select(API_USAGE_LOGS.REQUEST_ID, API_USAGE_LOGS.ATTEMPT)
                        .from(API_USAGE_LOGS).fetch();
                assertThat(keys).doesNotHaveDuplicates();
                assertThat(keys).extracting(Record2::value1)
                        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(0, EVENTS_DURING_OUTAGE)
                                .mapToObj(i -> i == 0 ? "req-before" : "req-during-" + i).toList());
                // one line when the outage starts and one when it ends, however many retries came between
                assertThat(output.getOut().lines().filter(line -> line.contains("cannot store a batch of"))).hasSize(1);
                assertThat(output.getOut().lines().filter(line -> line.contains("usage batches are stored again"))).hasSize(1);
                assertThat(output.getOut()).doesNotContain("Execution of SQL statement failed");
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
