package io.llmrelay.aggregator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.llmrelay.aggregator.totals.TotalsTestInfra;
import io.llmrelay.schemas.BreakerState;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.testkit.SharedInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real headless Chromium (Debian's {@code chromium}, which {@code .ci/run} installs): the whole
 * aggregator on the shared broker and PostgreSQL, usage, budgets, alerts and a credential event written to its
 * tables, an open breaker published on {@code llm.provider.health}; then the page is rendered with the admin key
 * (HTTP Basic in the URL, as a person's browser would send it after the prompt) and without it.
 */
class StatusPageBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String BUDGET_REFRESH = "relay.aggregator.metrics.budget-refresh";

    private final TotalsTestInfra infra = new TotalsTestInfra();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "Debian's chromium is not installed (apt-get install -y chromium; .ci/run does it)");
        // the budget gauges count every second instead of every minute
        System.setProperty(BUDGET_REFRESH, "1s");
        infra.start();
    }

    @AfterEach
    void stop() {
        System.clearProperty(BUDGET_REFRESH);
        infra.close();
        http.close();
    }

    @Test
    void rendersProvidersSpendAgainstBudgetTheChartAndRecentAlertsInChromiumBehindTheAdminKey() throws Exception {
        Instant now = Instant.now();
        DSLContext dsl = infra.dsl();
        LocalDate monthStart = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1);
        // the last hour: openai answers in 100..900 ms and fails once in ten, anthropic fails every time
        for (int i = 1; i <= 10; i++) {
            usage(dsl, "openai", "gpt-4o-mini", "alice", i != 10, 100 * i, now.minusSeconds(60L * i));
        }
        usage(dsl, "anthropic", "claude-sonnet-4-5", "bob", false, 30_000, now.minusSeconds(120));
        // older than the window: not in the figures
        usage(dsl, "anthropic", "claude-sonnet-4-5", "bob", true, 50, now.minus(2, ChronoUnit.HOURS));
        rollup(dsl, "user", "alice", monthStart, 950_000);
        rollup(dsl, "user", "bob", monthStart, 125_000);
        rollup(dsl, "team", "platform", monthStart, 1_075_000);
        rollup(dsl, "user", "carol-<script>", monthStart, 40_000);
        rollup(dsl, "provider", "openai/gpt-4o-mini", monthStart, 1_075_000);
        budget(dsl, "user", "alice", 1_000_000, true);
        budget(dsl, "team", "platform", 5_000_000, false);
        budget(dsl, "user", "dana", 2_000_000, false);
        rollup(dsl, "user", "erin", monthStart, 300_000);
        budget(dsl, "user", "erin", 250_000, true);
        dsl.execute("INSERT INTO budget_alerts (subject_type, subject_id, period, threshold_percent, spent_micros,"
                        + " limit_micros, hard, raised_at) VALUES ('user', 'alice', ?, 90, 950000, 1000000, true, ?::timestamptz)",
                monthStart.toString().substring(0, 7), OffsetDateTime.ofInstant(now.minusSeconds(300), ZoneOffset.UTC));
        dsl.execute("INSERT INTO audit_events (event_id, occurred_at, actor, action, subject, outcome, key_fingerprint,"
                        + " details) VALUES ('ev-1', ?::timestamptz, 'provider-worker/w1', 'provider.credential_marked_bad',"
                        + " 'anthropic', 'failure', 'a1b2c3d4', '{\"entry\": \"primary\", \"usable_left\": \"0\"}')",
                OffsetDateTime.ofInstant(now.minusSeconds(200), ZoneOffset.UTC));
        // a relay-key refusal at ingest is not a provider alert
        dsl.execute("INSERT INTO audit_events (event_id, occurred_at, actor, action, subject, outcome, details)"
                        + " VALUES ('ev-2', ?::timestamptz, 'request-ingest/i1', 'relay_key.rejected', 'rk_1', 'failure', '{}')",
                OffsetDateTime.ofInstant(now.minusSeconds(100), ZoneOffset.UTC));
        publishOpenBreaker(now.minusSeconds(30));

        // without the admin key: refused, with the browser's prompt asked for
        HttpResponse<String> anonymous = get("/status", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Basic realm="));
        assertThat(anonymous.body()).doesNotContain("alice");
        assertThat(get("/status.json", "Bearer wrong").statusCode()).isEqualTo(401);

        // the breaker record arrives through Kafka: wait for it in the JSON, then render
        await().atMost(WAIT).until(() -> get("/status.json", "Bearer " + TotalsTestInfra.ADMIN_KEY).body()
                .contains("\"state\":\"OPEN\""));
        String json = get("/status.json", "Bearer " + TotalsTestInfra.ADMIN_KEY).body();
        assertThat(json).contains("\"provider\":\"openai\"", "\"attempts\":10", "\"failures\":1",
                "\"errorRate\":0.1", "\"monthSpentMicros\":950000", "\"limitMicros\":1000000");
        assertThat(get("/status", "Bearer " + TotalsTestInfra.ADMIN_KEY).headers().firstValue("Cache-Control"))
                .hasValue("no-store");

        // the low-cardinality budget gauges: alice at 95 %, erin at 120 %; no subject in a label
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/actuator/prometheus", null).body())
                .contains("relay_budget_subjects{threshold=\"90\"} 2.0", "relay_budget_subjects{threshold=\"100\"} 1.0"));
        assertThat(get("/actuator/prometheus", null).body()).doesNotContain("alice", "erin");

        URI page = infra.uri("/status");
        URI withKey = URI.create("http://status:" + TotalsTestInfra.ADMIN_KEY + "@" + page.getAuthority()
                + page.getPath());
        String dom = chromium("--dump-dom", withKey.toString());

        // providers with their health
        assertThat(dom).contains("data-provider=\"openai\"", "data-provider=\"anthropic\"");
        assertThat(section(dom, "data-provider=\"openai\"")).contains("state-OPEN", "openai/gpt-4o-mini: OPEN",
                "5 consecutive failures, the last provider_error 503", "10.0 %");
        assertThat(section(dom, "data-provider=\"anthropic\"")).contains("state-UNKNOWN", "100.0 %", "none");
        // a spend row per user and team with its budget
        assertThat(section(dom, "class=\"spend-row\" data-subject=\"user:alice\"")).contains("$0.9500", "$1.00 per month (hard)", "95.0 %");
        assertThat(section(dom, "class=\"spend-row\" data-subject=\"team:platform\"")).contains("$1.08", "$5.00 per month");
        assertThat(section(dom, "class=\"spend-row\" data-subject=\"user:bob\"")).contains("$0.1250", "none");
        assertThat(section(dom, "class=\"spend-row\" data-subject=\"user:dana\"")).contains("$0.0000", "$2.00 per month");
        assertThat(section(dom, "class=\"spend-row\" data-subject=\"user:erin\"")).contains("class=\"num over\"",
                "120.0 %");
        assertThat(dom).doesNotContain("data-subject=\"provider:");
        // escaped, not executed
        assertThat(dom).contains("user:carol-&lt;script&gt;").doesNotContain("carol-<script>");
        // the chart
        assertThat(dom).contains("<svg id=\"spend-chart\"");
        assertThat(section(dom, "<svg id=\"spend-chart\"")).contains("class=\"bar\" data-subject=\"user:alice\"",
                "class=\"limit\"");
        // recent alerts: the budget threshold, the credential marked bad, the open breaker; not the ingest refusal
        String alerts = section(dom, "id=\"alerts\"");
        assertThat(alerts).contains("alert-budget", "90 % of the monthly", "alert-credential",
                "provider.credential_marked_bad (key a1b2c3d4)", "alert-breaker", "openai/gpt-4o-mini")
                .doesNotContain("relay_key.rejected");

        Path screenshot = Path.of("target", "status.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium("--screenshot=" + screenshot, "--window-size=1280,1600", withKey.toString());
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(20_000);
        System.out.println("status page screenshot: " + screenshot);

        // the browser without the key is asked for it (headless: the prompt is dismissed) and shows nothing
        String refused = chromium("--dump-dom", page.toString());
        assertThat(refused).doesNotContain("llm-relay status", "spend-chart", "alice");
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(infra.uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs headless Chromium with the flags that work on these machines; returns what it printed. */
    private static String chromium(String... arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("status-chromium");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Path errors = Files.createTempFile("status-chromium", ".log");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 90 s: " + command);
        }
        assertThat(process.exitValue()).as("chromium %s; its log: %s", command, Files.readString(errors)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The HTML from {@code marker} to the end of its table row, list or svg, for assertions on one place. */
    private static String section(String dom, String marker) {
        int start = dom.indexOf(marker);
        assertThat(start).as("%s in the page", marker).isNotNegative();
        int end = dom.length();
        for (String close : List.of("</tr>", "</ul>", "</svg>")) {
            int at = dom.indexOf(close, start);
            if (at >= 0 && marker.startsWith("<svg") == close.equals("</svg>")
                    && (close.equals("</tr>") || marker.contains("alerts") || marker.startsWith("<svg"))) {
                end = Math.min(end, at);
            }
        }
        return dom.substring(start, end);
    }

    private void publishOpenBreaker(Instant since) throws Exception {
        Topic<String, ProviderHealth> topic = Topics.PROVIDER_HEALTH.withPrefix(infra.prefix);
        try (KafkaProducer<String, ProviderHealth> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", SharedInfra.kafka().bootstrapServers()),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), "openai/gpt-4o-mini", ProviderHealth.newBuilder()
                    .setProvider("openai").setTarget("openai/gpt-4o-mini").setState(BreakerState.OPEN)
                    .setReason("5 consecutive failures, the last provider_error 503")
                    .setSince(since.truncatedTo(ChronoUnit.MILLIS)).setReportedBy("worker-1").build())).get();
        }
    }

    private static void usage(DSLContext dsl, String provider, String model, String user, boolean success,
                              int latencyMs, Instant at) {
        String requestId = java.util.UUID.randomUUID().toString();
        dsl.execute("INSERT INTO api_usage_logs (provider_name, endpoint, request_size_bytes, response_size_bytes,"
                        + " processing_time_ms, cost_cents, success, error_message, timestamp, request_id, attempt,"
                        + " attempt_key, user_ref, model, prompt_tokens, completion_tokens, cost_micros, priced,"
                        + " status_code, occurred_at) VALUES (?, '/v1/chat/completions', 100, 200, ?, 0, ?, ?, ?::timestamp,"
                        + " ?, 1, '1', ?, ?, 10, 5, 25, true, ?, ?::timestamptz)",
                provider, latencyMs, success, success ? null : "provider answered 503",
                java.time.LocalDateTime.ofInstant(at, ZoneOffset.UTC), requestId, user, model, success ? 200 : 503,
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    private static void rollup(DSLContext dsl, String type, String id, LocalDate month, long costMicros) {
        dsl.execute("INSERT INTO usage_rollups (subject_type, subject_id, period_kind, period_start, requests, attempts,"
                + " prompt_tokens, completion_tokens, cost_micros, unpriced_attempts, unpriced_prompt_tokens,"
                + " unpriced_completion_tokens, updated_at) VALUES (?, ?, 'month', ?::date, 1, 1, 10, 5, ?, 0, 0, 0, now())",
                type, id, month, costMicros);
    }

    private static void budget(DSLContext dsl, String type, String id, long limitMicros, boolean hard) {
        dsl.execute("INSERT INTO budgets (subject_type, subject_id, limit_micros, period, thresholds_percent, hard,"
                + " created_at, updated_at) VALUES (?, ?, ?, 'month', '{50,75,90,100}', ?, now(), now())",
                type, id, limitMicros, hard);
    }
}
