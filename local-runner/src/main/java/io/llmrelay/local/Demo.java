package io.llmrelay.local;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Sample traffic through the HTTP API, with a progress bar, then the answers and the usage rows. */
final class Demo {

    private static final List<String> PROMPTS = List.of(
            "Summarise what a circuit breaker does in one sentence.",
            "Name three uses of Apache Kafka.",
            "What is a token bucket?",
            "Write a haiku about queues.",
            "Explain idempotency to a new engineer.",
            "Why count money in integer micro-dollars?");
    private static final int CONCURRENCY = 4;

    private final LocalStack stack;
    private final PrintStream out;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Demo(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** @return true when every request got an answer (success or a clear error) */
    boolean run(int requests) throws Exception {
        out.println("Demo: sending " + requests + " requests through " + stack.ingestUrl() + " …");
        List<Outcome> outcomes = send(requests);
        printOutcomes(outcomes);
        printUsageRows(outcomes);
        return outcomes.stream().allMatch(o -> o.status > 0);
    }

    private List<Outcome> send(int requests) throws Exception {
        AtomicInteger done = new AtomicInteger();
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
            for (int i = 0; i < requests; i++) {
                String prompt = promptFor(i);
                futures.add(pool.submit(() -> {
                    Outcome outcome = call(prompt);
                    progress(done.incrementAndGet(), requests);
                    return outcome;
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            out.println();
            return outcomes;
        }
    }

    private String promptFor(int i) {
        String prompt = PROMPTS.get(i % PROMPTS.size());
        // With the mock, one request meets a provider that keeps failing, to show retries and the error answer.
        return stack.mock() != null && i == 3 ? prompt + " [mock:status=500]" : prompt;
    }

    private Outcome call(String prompt) {
        ObjectNode body = json.createObjectNode();
        body.put("model", "gpt-4o-mini");
        body.put("max_tokens", 60);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + stack.relayKey())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            JsonNode answer = json.readTree(response.body());
            String requestId = response.headers().firstValue("x-request-id").orElse("?");
            String cost = response.headers().firstValue("x-llm-relay-cost-micros").orElse("-");
            String text = response.statusCode() == 200
                    ? answer.path("choices").path(0).path("message").path("content").asText("")
                    : answer.path("error").path("message").asText("");
            String tokens = response.statusCode() == 200
                    ? answer.path("usage").path("prompt_tokens").asInt() + "/" + answer.path("usage").path("completion_tokens").asInt()
                    : "-";
            return new Outcome(requestId, response.statusCode(), tokens, cost, millis, text);
        } catch (Exception e) {
            return new Outcome("?", 0, "-", "-", (System.nanoTime() - start) / 1_000_000, e.toString());
        }
    }

    private void progress(int done, int total) {
        int width = 30;
        int filled = done * width / total;
        synchronized (out) {
            out.print("\r  [" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + done + "/" + total + " answered");
            out.flush();
        }
    }

    private void printOutcomes(List<Outcome> outcomes) {
        out.println();
        out.printf("%-10s %5s %9s %10s %8s  %s%n", "request", "HTTP", "tokens", "cost µUSD", "ms", "answer");
        for (Outcome o : outcomes) {
            out.printf("%-10s %5d %9s %10s %8d  %s%n", shortId(o.requestId), o.status, o.tokens, o.costMicros,
                    o.millis, truncate(o.text, 60));
        }
        long ok = outcomes.stream().filter(o -> o.status == 200).count();
        out.println(ok + " of " + outcomes.size() + " succeeded; the others show the relay's error answer.");
    }

    private void printUsageRows(List<Outcome> outcomes) throws SQLException, InterruptedException {
        List<String> ids = outcomes.stream().map(o -> o.requestId).filter(id -> !"?".equals(id)).toList();
        String sql = "select request_id, attempt, provider_name, model, prompt_tokens, completion_tokens, cost_micros,"
                + " success, status_code from api_usage_logs where request_id = any(?) order by id";
        try (Connection c = DriverManager.getConnection(stack.dbUrl(), stack.dbUser(), stack.dbPassword())) {
            List<String> rows = List.of();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < until) {
                rows = query(c, sql, ids);
                if (distinctRequests(rows) >= ids.size()) {
                    break;
                }
                Thread.sleep(250); // polling a table a person is waiting for; no event to wait on here
            }
            out.println();
            out.println("api_usage_logs (" + rows.size() + " rows for these requests, one per provider attempt):");
            out.printf("%-10s %7s %-9s %-12s %7s %10s %10s %7s %6s%n", "request", "attempt", "provider", "model",
                    "prompt", "completion", "cost µUSD", "success", "status");
            rows.forEach(out::println);
        }
    }

    private static long distinctRequests(List<String> rows) {
        return rows.stream().map(r -> r.substring(0, 10)).distinct().count();
    }

    private static List<String> query(Connection c, String sql, List<String> ids) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(String.format("%-10s %7d %-9s %-12s %7d %10d %10d %7s %6s", shortId(rs.getString(1)),
                            rs.getInt(2), rs.getString(3), truncate(rs.getString(4), 12), rs.getInt(5), rs.getInt(6),
                            rs.getLong(7), rs.getBoolean(8), rs.getObject(9)));
                }
            }
            return rows;
        }
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) + "…" : id;
    }

    private static String truncate(String text, int max) {
        String flat = text == null ? "" : text.replace('\n', ' ');
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }

    private record Outcome(String requestId, int status, String tokens, String costMicros, long millis, String text) {
    }
}
