package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes {@code POST /v1/chat/completions} of one running instance with malformed and hostile requests. Whatever
 * arrives, an answer must come within {@link #CLIENT_TIMEOUT}; refusals are 4xx in OpenAI's error format; a 5xx is
 * allowed only as 503/504 for a well-formed request that reached Kafka. Only the well-formed generator uses the one
 * configured model, so a hostile request that slipped through validation would still be refused (404) and never
 * produced, which {@link #stop()} checks on the worker's side, together with liveness and a normal request.
 */
class HostileRequestsIT {

    private static final String KEY = "rk-it-hostile-5c2e9f0a7b31";
    private static final String BEARER = "Bearer " + KEY;
    private static final String USER = "hostile-user";
    private static final String MODEL = "fuzz-model-ok";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    /** Far above relay.ingest.request-timeout below, so a slow answer shows as the relay's 504, not as a hang. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static TestTopics topics;
    private static FakeWorker worker;
    private static IngestInstance ingest;

    @BeforeContainer
    static void start() {
        topics = TestTopics.create();
        worker = FakeWorker.start(topics, FakeWorker::byScenario);
        ingest = IngestInstance.start(topics,
                "relay.ingest.instance-id=it-hostile",
                "relay.ingest.max-body-size=64KB",
                "relay.ingest.request-timeout=5s",
                "relay.ingest.models[0]=" + MODEL,
                "relay.ingest.keys[0].key=" + KEY,
                "relay.ingest.keys[0].key-id=key-hostile",
                "relay.ingest.keys[0].user-id=" + USER,
                // thousands of refusals: keep the build log readable
                "logging.level.io.llmrelay.ingest.auth=WARN");
    }

    @AfterContainer
    static void stop() {
        try {
            assertStillHealthy();
        } finally {
            if (ingest != null) {
                ingest.close();
            }
            if (worker != null) {
                worker.close();
            }
        }
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void everyRequestIsAnsweredInTimeAndNeverWithAnUnexpectedServerError(@ForAll("requests") Attack attack) {
        Answer answer = attack.send(ingest.port());

        int status = answer.status();
        if (attack.wellFormed()) {
            assertThat(status).as("%s answered %s", attack, answer).isIn(200, 503, 504);
            if (status == 200 && !answer.contentType().startsWith("text/event-stream")) {
                assertThat(Http.JSON.readTree(answer.body()).path("object").stringValue()).isEqualTo("chat.completion");
            }
            return;
        }
        assertThat(status).as("%s answered %s", attack, answer).isBetween(400, 499);
        if (attack.refusedByTomcat() && answer.contentType().startsWith("text/html")) {
            // KNOWN BUG: a request Tomcat's connector refuses before Spring sees it (a header section over
            // server.max-http-request-header-size, 8 KB by default; a malformed header line) is answered by Tomcat's
            // ErrorReportValve as an HTML 400 page, not in OpenAI's error format. The status is right; the fix is an
            // error valve (or ErrorPage) on the Tomcat factory that writes ErrorBody JSON.
            return;
        }
        assertThat(answer.contentType()).as("%s answered %s", attack, answer).startsWith("application/json");
        JsonNode error = Http.JSON.readTree(answer.body()).path("error");
        assertThat(error.path("message").stringValue()).as("%s answered %s", attack, answer).isNotBlank();
        assertThat(error.path("type").stringValue()).as("%s answered %s", attack, answer).isNotBlank();
        assertThat(error.has("param") && error.has("code")).as("%s answered %s", attack, answer).isTrue();
    }

    private static void assertStillHealthy() {
        HttpResponse<String> liveness = Http.get(ingest.managementUri("/actuator/health/liveness"));
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(Http.json(liveness).path("status").stringValue()).isEqualTo("UP");

        HttpResponse<String> normal = Http.postJson(ingest.uri("/v1/chat/completions"), KEY,
                Http.chat(MODEL, "still there?", ""));
        assertThat(normal.statusCode()).isEqualTo(200);
        assertThat(Http.json(normal).at("/choices/0/message/content").stringValue()).isEqualTo("echo: still there?");
        assertThat(worker.received()).allSatisfy(request -> assertThat(request.getModel()).isEqualTo(MODEL));
    }

    // ---- generators -------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Attack> requests() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, wellFormed()),
                Tuple.of(2, truncated()),
                Tuple.of(2, mutated()),
                Tuple.of(2, hugeStrings()),
                Tuple.of(2, deepNesting()),
                Tuple.of(3, wrongTypes()),
                Tuple.of(2, hostileUnicode()),
                Tuple.of(2, hugeNumbers()),
                Tuple.of(1, duplicateKeys()),
                Tuple.of(2, contentTypes()),
                Tuple.of(2, authorizations()),
                Tuple.of(1, rawHeaderInjection()));
    }

    /** Valid requests for the configured model, with any text, including lone surrogates, NUL and RTL marks. */
    private static Arbitrary<Attack> wellFormed() {
        Arbitrary<String> prompt = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.of("\\ud800", "\\udfff", "\\u0000", "\u202eevil\u202c", "\\ud83d\\ude00", "x\\u0000y"));
        Arbitrary<String> extra = Arbitraries.of("", ",\"temperature\":0", ",\"temperature\":2", ",\"top_p\":0.5",
                ",\"max_tokens\":1", ",\"max_completion_tokens\":2147483647", ",\"stop\":[\"\\u0000\"]",
                ",\"stream\":true", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}", ",\"n\":1",
                ",\"tools\":[],\"seed\":1e308", ",\"user\":\"\\udc00\"");
        return Combinators.combine(prompt, extra).as((text, more) -> Attack.http("well-formed " + more,
                true, BEARER, "application/json", chat(MODEL, escapeUnlessEscaped(text), more)));
    }

    private static Arbitrary<Attack> truncated() {
        String full = chat("fuzz-unknown", "hello", ",\"temperature\":1,\"stop\":[\"a\"]");
        return Arbitraries.integers().between(0, full.length() - 1)
                .map(n -> hostile("truncated at " + n, full.substring(0, n)));
    }

    private static Arbitrary<Attack> mutated() {
        String base = chat("fuzz-unknown", "hello", ",\"max_tokens\":5");
        Arbitrary<Character> junk = Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', '\0', 'x', '1', ' ');
        return Combinators.combine(Arbitraries.integers().between(0, base.length() - 1), junk,
                        Arbitraries.of(true, false))
                .as((at, c, replace) -> hostile("mutated at " + at + " with " + (int) c,
                        base.substring(0, at) + c + base.substring(replace ? at + 1 : at)));
    }

    /** Strings around the body limit: some bodies fit, some are one or a few bytes over. */
    private static Arbitrary<Attack> hugeStrings() {
        int envelope = chat("fuzz-unknown", "", "").length();
        return Combinators.combine(Arbitraries.integers().between(MAX_BODY_BYTES - envelope - 64,
                        MAX_BODY_BYTES - envelope + 64), Arbitraries.of("content", "model", "stop", "key"))
                .as((length, where) -> {
                    String huge = "x".repeat(length);
                    String body = switch (where) {
                        case "model" -> chat(huge.substring(0, length - 8), "hi", "");
                        case "stop" -> chat("fuzz-unknown", "hi", ",\"stop\":\"" + huge.substring(0, length - 12)
                                + "\"");
                        case "key" -> "{\"" + huge + "\":1}";
                        default -> chat("fuzz-unknown", huge, "");
                    };
                    return hostile("huge " + where + " (" + body.length() + " bytes)", body);
                });
    }

    private static Arbitrary<Attack> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(100, 20_000), Arbitraries.of("[", "{\"a\":"),
                        Arbitraries.of("top", "messages", "content", "tools", "stop"), Arbitraries.of(true, false))
                .as((depth, open, where, closed) -> {
                    String close = open.equals("[") ? "]" : "}";
                    String nested = open.repeat(depth) + "1" + (closed ? close.repeat(depth) : "");
                    String body = switch (where) {
                        case "top" -> nested;
                        case "messages" -> "{\"model\":\"fuzz-unknown\",\"messages\":" + nested + "}";
                        case "content" -> "{\"model\":\"fuzz-unknown\",\"messages\":[{\"role\":\"user\",\"content\":"
                                + nested + "}]}";
                        default -> chat("fuzz-unknown", "hi", ",\"" + where + "\":" + nested);
                    };
                    return hostile("nesting " + depth + " of " + open + " in " + where + (closed ? "" : " unclosed"),
                            body);
                });
    }

    private static final List<String> ODD_VALUES = List.of("null", "true", "false", "0", "-1", "1.5", "\"\"",
            "\"x\"", "[]", "{}", "[1]", "{\"a\":1}", "[null]", "[{}]", "1e999", "-1e999", "\"NaN\"",
            "99999999999999999999999", "[\"a\",1]", "{\"role\":\"user\"}");

    private static Arbitrary<Attack> wrongTypes() {
        Arbitrary<String> value = Arbitraries.of(ODD_VALUES);
        Arbitrary<String> field = Arbitraries.of("model", "messages", "content", "role", "temperature", "top_p",
                "max_tokens", "max_completion_tokens", "stop", "stream", "stream_options", "n", "part", "name");
        return Combinators.combine(field, value).as((f, v) -> {
            String body = switch (f) {
                case "model" -> "{\"model\":" + v + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                case "messages" -> "{\"model\":\"fuzz-unknown\",\"messages\":" + v + "}";
                case "content" -> "{\"model\":\"fuzz-unknown\",\"messages\":[{\"role\":\"user\",\"content\":" + v
                        + "}]}";
                case "role" -> "{\"model\":\"fuzz-unknown\",\"messages\":[{\"role\":" + v + ",\"content\":\"x\"}]}";
                case "part" -> "{\"model\":\"fuzz-unknown\",\"messages\":[{\"role\":\"user\",\"content\":[" + v
                        + "]}]}";
                case "name" -> "{\"model\":\"fuzz-unknown\",\"messages\":[{\"role\":\"user\",\"content\":\"x\","
                        + "\"name\":" + v + "}]}";
                default -> chat("fuzz-unknown", "hi", ",\"" + f + "\":" + v);
            };
            return hostile(f + "=" + v, body);
        });
    }

    private static Arbitrary<Attack> hostileUnicode() {
        Arbitrary<String> odd = Arbitraries.of("\\ud800", "\\udfff", "\\udc00\\ud800", "\\u0000", "\u0000",
                "\u202e", "\u200f\u2066", "\\uFFFF", "\\uFEFF", "\u00ff", "\\u", "\\ud800\\u", "\\x41", "\\");
        Arbitrary<String> where = Arbitraries.of("model", "content", "role", "key", "stop");
        return Combinators.combine(odd, where).as((s, w) -> {
            String body = switch (w) {
                case "model" -> chat("fuzz-" + s, "hi", "");
                case "role" -> "{\"model\":\"fuzz-unknown\",\"messages\":[{\"role\":\"" + s + "\",\"content\":\"x\"}]}";
                case "key" -> chat("fuzz-unknown", "hi", ",\"" + s + "\":1");
                case "stop" -> chat("fuzz-unknown", "hi", ",\"stop\":[\"" + s + "\"]");
                default -> chat("fuzz-unknown", s, "");
            };
            return hostile("unicode " + escapeUnlessEscaped(s) + " in " + w, body);
        }).flatMap(attack -> Arbitraries.of(attack, attack.withBody(invalidUtf8(attack.body()))));
    }

    private static Arbitrary<Attack> hugeNumbers() {
        Arbitrary<String> number = Arbitraries.of("1e400", "-1e400", "1e-400", "4.9e-324", "1.7976931348623157e309",
                "123456789012345678901234567890", "-9223372036854775809", "2147483648", "-2147483649",
                "1".repeat(900), "1".repeat(1100), "0." + "0".repeat(2000) + "1", "1" + "0".repeat(5000) + ".5",
                "1e2147483648", "-0", "0e0");
        Arbitrary<String> field = Arbitraries.of("temperature", "top_p", "max_tokens", "max_completion_tokens", "n",
                "seed", "content");
        return Combinators.combine(field, number).as((f, n) -> hostile(f + "=" + abbreviate(n),
                f.equals("content")
                        ? "{\"model\":\"fuzz-unknown\",\"messages\":[{\"role\":\"user\",\"content\":" + n + "}]}"
                        : chat("fuzz-unknown", "hi", ",\"" + f + "\":" + n)));
    }

    private static Arbitrary<Attack> duplicateKeys() {
        return Arbitraries.of(
                "{\"model\":\"fuzz-unknown\",\"model\":\"fuzz-unknown-2\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"x\"}]}",
                chat("fuzz-unknown", "hi", ",\"messages\":\"x\""),
                chat("fuzz-unknown", "hi", ",\"temperature\":1,\"temperature\":\"hot\""),
                "{\"model\":\"fuzz-unknown\",\"messages\":[{\"role\":\"user\",\"role\":\"system\",\"content\":\"x\","
                        + "\"content\":[1]}]}",
                chat("fuzz-unknown", "hi", ",\"stream\":true,\"stream\":false,\"stream_options\":{}"))
                .map(body -> hostile("duplicate keys", body));
    }

    /** A request any server could take, but for its Content-Type; the model is unknown, so 4xx whatever. */
    private static Arbitrary<Attack> contentTypes() {
        return Arbitraries.of(null, "", "text/plain", "application/xml", "application/json; charset=nope",
                        "application/json; charset=utf-16", "application/json; charset=", "application/json;;;",
                        "application/json; boundary=\"", "*/*", "application/*", "json", "multipart/form-data",
                        "application/x-www-form-urlencoded", "application/json" + ";x=y".repeat(200),
                        "APPLICATION/JSON", "application/json-patch+json", "a/b/c", "\t", ";")
                .map(type -> Attack.http("content-type " + type, false, BEARER, type,
                        chat("fuzz-unknown", "hi", "")));
    }

    private static Arbitrary<Attack> authorizations() {
        return Arbitraries.of(null, "", "Bearer", "Bearer ", "Bearer  ", "bearer " + KEY, "BEARER " + KEY,
                        "Bearer " + KEY + " extra", "Basic " + KEY, KEY, "Bearer\t" + KEY, "Bearer " + "k".repeat(7000),
                        "Bearer " + "k".repeat(9000), "Bearer " + "k".repeat(70_000), "Bearer \u00ff\u00fe",
                        "Bearer " + KEY.substring(1), "Bearer %00", "Token " + KEY)
                .map(auth -> Attack.http("authorization " + abbreviate(String.valueOf(auth)), false, auth,
                        "application/json", chat("fuzz-unknown", "hi", "")));
    }

    /** CR/LF, NUL and folding in header values; the JDK client refuses to send these, so they go out raw. */
    private static Arbitrary<Attack> rawHeaderInjection() {
        return Arbitraries.of(
                        "Authorization: Bearer " + KEY + "\r\nX-Injected: 1",
                        "Authorization: Bearer " + KEY + "\rX-Injected: 1",
                        "Authorization: Bearer " + KEY + "\nContent-Length: 0",
                        "Authorization: Bearer " + KEY + "\r\n\r\nGET / HTTP/1.1",
                        "Authorization: Bearer " + KEY + "\r\n folded: yes",
                        "Authorization: Bearer " + KEY + "\u0000",
                        "Authorization: Bearer \u0000" + KEY,
                        "X-Request-Id: a\rb",
                        "Content-Type: application/json\r\nContent-Type: text/plain",
                        "Authorization: Bearer " + KEY + "\r\nTransfer-Encoding: chunked")
                .map(header -> new Attack("raw header " + escapeUnlessEscaped(header), false, null, null,
                        chat("fuzz-unknown", "hi", "").getBytes(StandardCharsets.UTF_8), header));
    }

    // ---- requests and answers ---------------------------------------------------------------------------------

    /**
     * @param rawHeader when set, the request goes out over a plain socket with this line (CR/LF and all) added to
     *                  otherwise ordinary headers
     */
    record Attack(String name, boolean wellFormed, String authorization, String contentType, byte[] body,
                  String rawHeader) {

        /** @param authorization the whole header value, or null for none */
        static Attack http(String name, boolean wellFormed, String authorization, String contentType, String body) {
            return new Attack(name, wellFormed, authorization, contentType, body.getBytes(StandardCharsets.UTF_8),
                    null);
        }

        Attack withBody(byte[] newBody) {
            return new Attack(name + " (invalid UTF-8)", wellFormed, authorization, contentType, newBody, rawHeader);
        }

        /** Refused by Tomcat's connector before any filter or controller: see the KNOWN BUG in the property. */
        boolean refusedByTomcat() {
            return rawHeader != null || authorization != null && authorization.length() > 8 * 1024 - 200;
        }

        Answer send(int port) {
            return rawHeader == null ? sendHttp(port) : sendRaw(port);
        }

        private Answer sendHttp(int port) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/chat/completions")).timeout(CLIENT_TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            try {
                HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                        response.body());
            } catch (HttpTimeoutException e) {
                throw new AssertionError(this + ": no answer within " + CLIENT_TIMEOUT, e);
            } catch (IOException e) {
                throw new AssertionError(this + ": the connection failed before an answer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        private Answer sendRaw(int port) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
                String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                        + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length
                        + "\r\n" + rawHeader + "\r\n\r\n";
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return Answer.parse(readFirstResponse(socket.getInputStream()));
            } catch (IOException e) {
                throw new AssertionError(this + ": no answer within " + CLIENT_TIMEOUT + " or connection failed", e);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Reads until the server closes the connection (Connection: close); a smuggled second answer is ignored. */
    private static byte[] readFirstResponse(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        in.transferTo(read);
        return read.toByteArray();
    }

    record Answer(int status, String contentType, String body) {

        static Answer parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
                throw new AssertionError("not an HTTP answer: " + abbreviate(text));
            }
            String head = text.substring(0, headEnd);
            String body = text.substring(headEnd + 4);
            String contentType = "";
            boolean chunked = false;
            for (String line : head.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).strip();
                }
                chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
            }
            return new Answer(Integer.parseInt(head.substring(9, 12)), contentType, chunked ? dechunk(body) : body);
        }

        private static String dechunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + abbreviate(body);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Attack hostile(String name, String body) {
        return Attack.http(name, false, BEARER, "application/json", body);
    }

    private static String chat(String model, String prompt, String more) {
        return Http.chat(model, prompt, more);
    }

    /** JSON-escapes control and non-ASCII characters, one UTF-16 unit at a time (so lone surrogates survive). */
    private static String escapeUnlessEscaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' && !(i + 1 < text.length() && text.charAt(i + 1) == 'u')) {
                escaped.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** The body with a byte sequence that is not UTF-8 (a lone continuation byte, then an overlong '/'). */
    private static byte[] invalidUtf8(byte[] body) {
        byte[] bad = {(byte) 0x80, (byte) 0xc0, (byte) 0xaf, (byte) 0xff};
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("\"hi\"") >= 0 ? text.indexOf("\"hi\"") + 1 : 1;
        byte[] prefix = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] suffix = text.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, result, 0, prefix.length);
        System.arraycopy(bad, 0, result, prefix.length, bad.length);
        System.arraycopy(suffix, 0, result, prefix.length + bad.length, suffix.length);
        return result;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
