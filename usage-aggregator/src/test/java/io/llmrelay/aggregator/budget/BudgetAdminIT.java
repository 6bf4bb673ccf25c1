package io.llmrelay.aggregator.budget;

import static io.llmrelay.aggregator.db.Tables.BUDGETS;
import static io.llmrelay.aggregator.db.Tables.BUDGET_ALERTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.llmrelay.aggregator.totals.TotalsTestInfra;
import io.llmrelay.schemas.BudgetAlert;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Budgets end to end on the real broker and database: the admin API stores and publishes them, the totals
 * application raises each threshold once per period (also across a restart of the aggregator) and publishes the
 * status, and the roll-up writer stores the alerts.
 */
class BudgetAdminIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final TotalsTestInfra infra = new TotalsTestInfra();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        infra.close();
        http.close();
    }

    @Test
    void raisesEachThresholdOnceAcrossARestartAndBlocksAHardBudgetAtItsLimit() throws Exception {
        infra.start();
        HttpResponse<String> set = put("/admin/budgets/user/dana", TotalsTestInfra.ADMIN_KEY,
                "{\"limit_micros\": 1000000, \"period\": \"month\", \"hard\": true}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(set.body()).contains("\"subject\":\"user:dana\"", "\"thresholds_percent\":[50,75,90,100]");
        assertThat(infra.dsl().fetchCount(BUDGETS)).isEqualTo(1);

        infra.send(usage("dana", 400_000));
        infra.send(usage("dana", 550_000));
        await().atMost(WAIT).until(() -> infra.dsl().fetchCount(BUDGET_ALERTS) == 3);

        infra.restart();
        UsageEvent over = usage("dana", 60_000);
        infra.send(over);
        infra.send(over);
        await().atMost(WAIT).until(() -> infra.dsl().fetchCount(BUDGET_ALERTS) == 4);
        BudgetStatus blocked = awaitStatus("user:dana", status -> status.getBlocked());
        assertThat(blocked.getSpentMicros()).isEqualTo(1_010_000);
        assertThat(blocked.getLimitMicros()).isEqualTo(1_000_000);

        List<ConsumerRecord<String, BudgetAlert>> alerts = infra.readAll(infra.alerts);
        assertThat(alerts).extracting(ConsumerRecord::key, r -> r.value().getThresholdPercent(),
                        r -> r.value().getSpentMicros())
                .containsExactly(tuple("user:dana", 50, 950_000L), tuple("user:dana", 75, 950_000L),
                        tuple("user:dana", 90, 950_000L), tuple("user:dana", 100, 1_010_000L));
        assertThat(infra.dsl().select(BUDGET_ALERTS.THRESHOLD_PERCENT).from(BUDGET_ALERTS)
                .orderBy(BUDGET_ALERTS.THRESHOLD_PERCENT).fetch(BUDGET_ALERTS.THRESHOLD_PERCENT))
                .containsExactly(50, 75, 90, 100);
    }

    @Test
    void refusesCallsWithoutTheAdminKeyAndInvalidBudgetsAndRemovesABudgetWithATombstone() throws Exception {
        infra.start();
        HttpResponse<String> anonymous = put("/admin/budgets/team/a", null, "{\"limit_micros\": 5, \"period\": \"day\"}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"type\":\"authentication_error\"", "\"code\":\"invalid_api_key\"")
                .doesNotContain(TotalsTestInfra.ADMIN_KEY);
        assertThat(put("/admin/budgets/team/a", "wrong", "{\"limit_micros\": 5, \"period\": \"day\"}").statusCode())
                .isEqualTo(401);

        HttpResponse<String> badPeriod = put("/admin/budgets/team/a", TotalsTestInfra.ADMIN_KEY,
                "{\"limit_micros\": 5, \"period\": \"week\"}");
        assertThat(badPeriod.statusCode()).isEqualTo(400);
        assertThat(badPeriod.body()).contains("\"param\":\"period\"", "\"type\":\"invalid_request_error\"");
        assertThat(put("/admin/budgets/model/gpt", TotalsTestInfra.ADMIN_KEY,
                "{\"limit_micros\": 5, \"period\": \"day\"}").body()).contains("\"param\":\"subject_type\"");
        assertThat(put("/admin/budgets/team/a", TotalsTestInfra.ADMIN_KEY,
                "{\"limit_micros\": 0, \"period\": \"day\"}").body()).contains("\"param\":\"limit_micros\"");
        assertThat(put("/admin/budgets/team/a", TotalsTestInfra.ADMIN_KEY, "not json").statusCode()).isEqualTo(400);
        assertThat(infra.dsl().fetchCount(BUDGETS)).isZero();

        assertThat(put("/admin/budgets/team/a", TotalsTestInfra.ADMIN_KEY,
                "{\"limit_micros\": 5, \"period\": \"day\", \"thresholds_percent\": [80, 100]}").statusCode()).isEqualTo(200);
        awaitStatus("team:a", status -> status.getLimitMicros() == 5);
        HttpResponse<String> shown = send(HttpRequest.newBuilder(infra.uri("/admin/budgets/team/a")).GET(),
                TotalsTestInfra.ADMIN_KEY);
        assertThat(shown.body()).contains("\"thresholds_percent\":[80,100]", "\"hard\":false");

        assertThat(send(HttpRequest.newBuilder(infra.uri("/admin/budgets/team/a")).DELETE(), TotalsTestInfra.ADMIN_KEY)
                .statusCode()).isEqualTo(204);
        assertThat(send(HttpRequest.newBuilder(infra.uri("/admin/budgets/team/a")).DELETE(), TotalsTestInfra.ADMIN_KEY)
                .statusCode()).isEqualTo(404);
        await().atMost(WAIT).untilAsserted(() -> assertThat(infra.readAll(infra.status))
                .filteredOn(r -> r.key().equals("team:a")).last().extracting(ConsumerRecord::value).isNull());
    }

    private BudgetStatus awaitStatus(String subject, java.util.function.Predicate<BudgetStatus> condition) {
        return await().atMost(WAIT).until(() -> infra.readAll(infra.status).stream()
                .filter(r -> r.key().equals(subject)).map(ConsumerRecord::value).filter(Objects::nonNull)
                .reduce((first, second) -> second).filter(condition).orElse(null), Objects::nonNull);
    }

    private HttpResponse<String> put(String path, String key, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(infra.uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), key);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String key) throws IOException, InterruptedException {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static UsageEvent usage(String user, long costMicros) {
        return UsageEvent.newBuilder()
                .setRequestId("req-" + UUID.randomUUID()).setAttempt(1).setAttemptId(UUID.randomUUID().toString())
                .setUserId(user).setProvider("openai").setEndpoint("/v1/chat/completions").setModel("gpt-4o")
                .setUsage(new TokenUsage(1_000, 100, 0)).setCostMicros(costMicros).setPriced(true)
                .setPrice(new Price(150_000L, 75_000L, 600_000L, "prices.yaml", "2026-11-01"))
                .setSuccess(true).setStatusCode(200)
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }
}
