package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import io.llmrelay.schemas.topic.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A request Kafka does not take (here: llm.requests is missing) is answered 503 within the operation timeout. */
class PublishFailureIT {

    private static final String KEY = "rk-it-publish-5e1d0a7c33b8";

    private static IngestInstance ingest;

    @BeforeAll
    static void start() {
        TestTopics topics = TestTopics.unprovisioned().provision(List.of(Topics.RESULTS));
        ingest = IngestInstance.start(topics,
                "relay.ingest.instance-id=it-publish",
                "relay.kafka.operation-timeout=1s",
                "relay.ingest.keys[0].key=" + KEY,
                "relay.ingest.keys[0].key-id=key-publish",
                "relay.ingest.keys[0].user-id=publish-user");
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void requestKafkaDoesNotTakeIsAnswered503RelayUnavailable() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("gpt-4o-mini", "hello", ""));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        JsonNode error = Http.json(response).path("error");
        assertThat(error.path("code").stringValue()).isEqualTo("relay_unavailable");
        assertThat(error.path("provider").stringValue()).isEqualTo("relay");
        assertThat(error.path("retryable").booleanValue()).isTrue();
    }
}
