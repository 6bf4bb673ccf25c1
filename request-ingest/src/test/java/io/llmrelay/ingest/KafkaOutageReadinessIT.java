package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.testkit.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness follows Kafka: a broker of this test's own is stopped under a running replica. */
class KafkaOutageReadinessIT {

    @TempDir
    Path kafkaDir;

    private EmbeddedKafkaBroker broker;
    private IngestInstance ingest;

    @AfterEach
    void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void readinessTurnsDownWithinSecondsWhenKafkaStopsWhileEveryProbeAnswersInUnderASecondAndLivenessStaysUp() {
        broker = EmbeddedKafkaBroker.start(0, kafkaDir, false);
        TestTopics topics = new TestTopics(broker.bootstrapServers(), "it-outage.");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, List.<Topic<?, ?>>of(topics.of(Topics.REQUESTS), topics.of(Topics.RESULTS)),
                    (short) 1);
        }
        ingest = IngestInstance.start(topics, "relay.ingest.instance-id=it-outage");
        URI readiness = ingest.managementUri("/actuator/health/readiness");
        URI liveness = ingest.managementUri("/actuator/health/liveness");
        await().atMost(Duration.ofSeconds(15)).until(() -> Http.get(readiness).statusCode() == 200);

        broker.close();
        broker = null;

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> Http.timedGet(readiness).statusCode() == 503);
        HttpResponse<String> down = Http.timedGet(readiness);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(Http.json(down).path("status").stringValue()).isEqualTo("DOWN");
        assertThat(Http.json(down).at("/components/kafka/status").stringValue()).isEqualTo("DOWN");
        assertThat(Http.json(down).at("/components/readinessState/status").stringValue()).isEqualTo("UP");
        HttpResponse<String> alive = Http.timedGet(liveness);
        assertThat(alive.statusCode()).isEqualTo(200);
        assertThat(Http.json(alive).path("status").stringValue()).isEqualTo("UP");
    }
}
