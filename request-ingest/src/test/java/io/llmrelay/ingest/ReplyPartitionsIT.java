package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.llmrelay.ingest.reply.ReplyStats;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.NestedExceptionUtils;

/** Replicas share the topics but each reads only its own partition of llm.results. */
class ReplyPartitionsIT {

    private static final String KEY = "rk-it-replicas-0c4f8e2a9b61";
    private static final int REQUESTS_PER_REPLICA = 20;

    private static TestTopics topics;
    private static FakeWorker worker;
    private static IngestInstance replica0;
    private static IngestInstance replica1;

    @BeforeAll
    static void start() {
        topics = TestTopics.create();
        worker = FakeWorker.start(topics, FakeWorker::byScenario);
        replica0 = replica(0);
        replica1 = replica(1);
    }

    @AfterAll
    static void stop() {
        if (replica0 != null) {
            replica0.close();
        }
        if (replica1 != null) {
            replica1.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void eachReplicaIsAssignedExactlyItsReplyPartition() {
        String results = topics.of(Topics.RESULTS).name();

        assertThat(replica0.bean(ReplyStats.class).assignment()).isEqualTo(Set.of(new TopicPartition(results, 0)));
        assertThat(replica1.bean(ReplyStats.class).assignment()).isEqualTo(Set.of(new TopicPartition(results, 1)));
        assertThat(replica0.bean(ReplyStats.class).listening()).isTrue();
        assertThat(replica1.bean(ReplyStats.class).listening()).isTrue();
    }

    @Test
    void eachReplicaAnswersItsOwnConcurrentRequests() throws Exception {
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> toReplica0 = send(callers, replica0, "r0");
            List<Future<HttpResponse<String>>> toReplica1 = send(callers, replica1, "r1");

            assertAnswered(toReplica0, "r0");
            assertAnswered(toReplica1, "r1");
        }
        assertThat(worker.received()).filteredOn(r -> prompt(r).startsWith("r0-"))
                .hasSize(REQUESTS_PER_REPLICA)
                .allSatisfy(r -> assertThat(r.getReplyTo().getPartition()).isZero());
        assertThat(worker.received()).filteredOn(r -> prompt(r).startsWith("r1-"))
                .hasSize(REQUESTS_PER_REPLICA)
                .allSatisfy(r -> assertThat(r.getReplyTo().getPartition()).isEqualTo(1));
        // had a replica read the other's partition, the other's results would be unknown to it
        assertThat(replica0.bean(ReplyStats.class).unknownResults()).isZero();
        assertThat(replica1.bean(ReplyStats.class).unknownResults()).isZero();
    }

    @Test
    void replyPartitionBeyondTheTopicFailsStartUpNamingKeyAndValue() {
        assertThatThrownBy(() -> IngestInstance.start(topics, "relay.ingest.reply-partition=12",
                "relay.ingest.instance-id=it-replica-12"))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e).getMessage())
                        .contains("relay.ingest.reply-partition=12").contains("has 12 partitions"));
    }

    @Test
    void missingResultsTopicFailsStartUp() {
        TestTopics absent = TestTopics.unprovisioned();

        assertThatThrownBy(() -> IngestInstance.start(absent, "relay.ingest.instance-id=it-absent"))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e).getMessage())
                        .contains(absent.of(Topics.RESULTS).name()).contains("does not exist"));
    }

    private static IngestInstance replica(int partition) {
        return IngestInstance.start(topics,
                "relay.ingest.instance-id=it-replica-" + partition,
                "relay.ingest.reply-partition=" + partition,
                "relay.ingest.keys[0].key=" + KEY,
                "relay.ingest.keys[0].key-id=key-replicas",
                "relay.ingest.keys[0].user-id=replicas-user");
    }

    private static List<Future<HttpResponse<String>>> send(ExecutorService callers, IngestInstance replica,
                                                           String tag) {
        return IntStream.range(0, REQUESTS_PER_REPLICA).mapToObj(i -> callers.submit(() -> Http.postJson(
                replica.uri("/v1/chat/completions"), KEY, Http.chat("gpt-4o-mini", tag + "-" + i, "")))).toList();
    }

    private static void assertAnswered(List<Future<HttpResponse<String>>> responses, String tag) throws Exception {
        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<String> response = responses.get(i).get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.json(response).at("/choices/0/message/content").stringValue())
                    .isEqualTo("echo: " + tag + "-" + i);
        }
    }

    private static String prompt(CompletionRequest request) {
        return request.getMessages().getLast().getContent();
    }
}
