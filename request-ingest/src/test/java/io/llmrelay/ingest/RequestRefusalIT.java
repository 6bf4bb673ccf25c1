package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Requests the API refuses: each gets its status and an OpenAI error body, and none reaches Kafka. */
@ExtendWith(OutputCaptureExtension.class)
class RequestRefusalIT {

    private static final String KEY = "rk-it-refusal-93be40c1a7f2";
    private static final String USER = "refusal-user";
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private static TestTopics topics;
    private static FakeWorker worker;
    private static IngestInstance ingest;

    @BeforeAll
    static void start() {
        topics = TestTopics.create();
        worker = FakeWorker.start(topics, FakeWorker::byScenario);
        ingest = IngestInstance.start(topics,
                "relay.ingest.instance-id=it-refusal",
                "relay.ingest.max-body-size=64KB",
                "relay.ingest.keys[0].key=" + KEY,
                "relay.ingest.keys[0].key-id=key-refusal",
                "relay.ingest.keys[0].user-id=" + USER,
                // the most a misconfigured deployment would log about requests
                "logging.level.io.llmrelay=DEBUG",
                "logging.level.org.springframework.web=DEBUG");
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    /**
     * @param status expected HTTP status
     * @param param  expected {@code error.param}; null where OpenAI gives none
     * @param code   expected {@code error.code}
     */
    record Refusal(String name, Function<HttpRequest.Builder, HttpRequest.Builder> request, int status, String param,
                   String code) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refusal> refusals() {
        String tooLarge = Http.chat("gpt-4o-mini", "x".repeat(MAX_BODY_BYTES), "");
        return Stream.of(
                refusal("malformed JSON", json("{\"model\": \"gpt-4o-mini\", \"messages\": ["), 400, null, null),
                refusal("empty body", json(""), 400, null, null),
                refusal("JSON that is not an object", json("[\"gpt-4o-mini\"]"), 400, null, "invalid_type"),
                refusal("missing model", json("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400,
                        "model", "missing_required_parameter"),
                refusal("empty model", json(Http.chat("", "hi", "")), 400, "model", "empty_string"),
                refusal("missing messages", json("{\"model\":\"gpt-4o-mini\"}"), 400, "messages",
                        "missing_required_parameter"),
                refusal("messages not an array", json("{\"model\":\"gpt-4o-mini\",\"messages\":\"hi\"}"), 400,
                        "messages", "invalid_type"),
                refusal("temperature not a number", json(Http.chat("gpt-4o-mini", "hi", ",\"temperature\":\"hot\"")),
                        400, "temperature", "invalid_type"),
                refusal("temperature above 2", json(Http.chat("gpt-4o-mini", "hi", ",\"temperature\":3")), 400,
                        "temperature", "decimal_above_max_value"),
                refusal("max_tokens below 1", json(Http.chat("gpt-4o-mini", "hi", ",\"max_tokens\":0")), 400,
                        "max_tokens", "integer_below_min_value"),
                refusal("n other than 1", json(Http.chat("gpt-4o-mini", "hi", ",\"n\":2")), 400, "n",
                        "unsupported_value"),
                refusal("unknown model", json(Http.chat("gpt-unknown", "hi", "")), 404, "model", "model_not_found"),
                refusal("body over the limit (Content-Length)", json(tooLarge), 413, null, "request_too_large"),
                refusal("body over the limit (chunked)", r -> r.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                tooLarge.getBytes(StandardCharsets.UTF_8))))
                        .header("Authorization", "Bearer " + KEY), 413, null, "request_too_large"),
                refusal("text/plain body", r -> r.header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o-mini", "hi", "")))
                        .header("Authorization", "Bearer " + KEY), 415, null, "unsupported_media_type"),
                refusal("form body", r -> r.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("model=gpt-4o-mini"))
                        .header("Authorization", "Bearer " + KEY), 415, null, "unsupported_media_type"),
                refusal("no key", r -> r.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o-mini", "hi", ""))), 401, null,
                        "invalid_api_key"),
                refusal("unknown key", withKey("rk-not-a-relay-key"), 401, null, "invalid_api_key"),
                refusal("basic auth", r -> json(Http.chat("gpt-4o-mini", "hi", "")).apply(r)
                        .setHeader("Authorization", "Basic dXNlcjpwYXNz"), 401, null, "invalid_api_key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedRequestGetsItsStatusAndAnOpenAiErrorAndIsNotProduced(Refusal refusal) {
        HttpResponse<String> response = Http.send(refusal.request()
                .apply(HttpRequest.newBuilder(ingest.uri("/v1/chat/completions"))).build());

        assertThat(response.statusCode()).isEqualTo(refusal.status());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = Http.json(response).path("error");
        assertThat(error.path("message").stringValue()).isNotBlank();
        assertThat(error.path("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("param").isNull() ? null : error.path("param").stringValue()).isEqualTo(refusal.param());
        assertThat(error.path("code").isNull() ? null : error.path("code").stringValue()).isEqualTo(refusal.code());

        assertNothingWasProducedBeforeAMarker();
    }

    @Test
    void unparsableJsonIsExplainedLikeOpenAiDoes() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY, "{\"model\":");

        assertThat(Http.json(response).at("/error/message").stringValue())
                .startsWith("We could not parse the JSON body of your request.");
    }

    @Test
    void unknownModelIsNamedInTheMessage() {
        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("gpt-unknown", "hi", ""));

        assertThat(Http.json(response).at("/error/message").stringValue())
                .isEqualTo("The model `gpt-unknown` does not exist or you do not have access to it.");
    }

    @Test
    void rejectedKeyAppearsNeitherInTheResponseNorInTheLog(CapturedOutput output) {
        String wrongKey = "rk-wrong-" + UUID.randomUUID();

        HttpResponse<String> response = Http.postJson(ingest.uri("/v1/chat/completions"), wrongKey,
                Http.chat("gpt-4o-mini", "hi", ""));

        assertThat(response.statusCode()).isEqualTo(401);
        String message = Http.json(response).at("/error/message").stringValue();
        assertThat(message).startsWith("Incorrect API key provided");
        assertThat(response.body()).doesNotContain(wrongKey);
        assertThat(response.headers().map().toString()).doesNotContain(wrongKey);
        String fingerprint = message.replaceAll(".*fingerprint ([0-9a-f]{8}).*", "$1");
        // the capture works: the rejection itself was logged, by fingerprint
        assertThat(output.getAll()).contains("unknown relay key (fingerprint " + fingerprint + ")");
        assertThat(output.getAll()).doesNotContain(wrongKey);
    }

    /**
     * A valid request from the same user goes to the same partition (keyed by user id), so once the worker has
     * seen it, it would already have seen any refused request that had been produced.
     */
    private static void assertNothingWasProducedBeforeAMarker() {
        String marker = "marker-" + UUID.randomUUID();
        HttpResponse<String> answered = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat("gpt-4o-mini", marker, ""));
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(worker.receivedFrom(USER)).allSatisfy(request -> assertThat(
                request.getMessages().getLast().getContent()).startsWith("marker-"));
        assertThat(worker.received()).allSatisfy(request -> assertThat(request.getUserId()).isEqualTo(USER));
    }

    private static Refusal refusal(String name, Function<HttpRequest.Builder, HttpRequest.Builder> request,
                                   int status, String param, String code) {
        return new Refusal(name, request, status, param, code);
    }

    private static Function<HttpRequest.Builder, HttpRequest.Builder> json(String body) {
        return r -> r.header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static Function<HttpRequest.Builder, HttpRequest.Builder> withKey(String key) {
        return r -> r.header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o-mini", "hi", "")));
    }
}
