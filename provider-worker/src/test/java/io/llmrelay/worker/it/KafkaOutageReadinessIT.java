package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.testkit.http.ManagementEndpoints;
import io.llmrelay.testkit.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Readiness follows Kafka: a broker of this test's own is stopped under a running worker. */
class KafkaOutageReadinessIT {

    @TempDir
    Path kafkaDir;

    private EmbeddedKafkaBroker broker;
    private RelayTopics relay;
    private MockProvider mock;
    private ConfigurableApplicationContext worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (mock != null) {
            mock.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void readinessTurnsDownWithinSecondsWhenKafkaStopsWhileEveryProbeAnswersInUnderASecondAndLivenessStaysUp() {
        broker = EmbeddedKafkaBroker.start(0, kafkaDir, false);
        relay = new RelayTopics(broker);
        mock = MockProvider.start(MockBehaviour.healthy());
        worker = Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "workers",
                "--relay.worker.instance-id=outage-worker",
                // a worker that cannot commit on a stopped broker still stops in seconds
                "--relay.worker.shutdown-timeout=1s"));
        URI readiness = Management.uri(worker, "/actuator/health/readiness");
        URI liveness = Management.uri(worker, "/actuator/health/liveness");
        await().atMost(Duration.ofSeconds(15)).until(() -> ManagementEndpoints.get(readiness).statusCode() == 200);

        relay.close();
        relay = null;
        broker.close();
        broker = null;

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> ManagementEndpoints.timedGet(readiness).statusCode() == 503);
        HttpResponse<String> down = ManagementEndpoints.timedGet(readiness);
        assertThat(ManagementEndpoints.json(down).path("status").stringValue()).isEqualTo("DOWN");
        assertThat(ManagementEndpoints.json(down).at("/components/kafka/status").stringValue()).isEqualTo("DOWN");
        assertThat(ManagementEndpoints.json(down).at("/components/readinessState/status").stringValue()).isEqualTo("UP");
        HttpResponse<String> alive = ManagementEndpoints.timedGet(liveness);
        assertThat(alive.statusCode()).isEqualTo(200);
        assertThat(ManagementEndpoints.json(alive).path("status").stringValue()).isEqualTo("UP");
    }
}
