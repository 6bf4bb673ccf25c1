package io.llmrelay.aggregator.totals;

import static io.llmrelay.aggregator.db.Tables.API_USAGE_LOGS;
import static io.llmrelay.aggregator.db.Tables.USAGE_ROLLUPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The money adds up: after retries (several attempts per request, failed ones at cost 0), duplicates (the same
 * event sent twice, before and after a restart), events without attempt ids, and a restart of the aggregator
 * with an empty state directory (the totals application restores from its changelogs), the sum of
 * {@code api_usage_logs.cost_micros}, the Streams totals (as the roll-up writer stored them) and the sum over
 * distinct billed attempts agree to the micro-dollar, per user as well as overall.
 */
class TotalsReconciliationIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Instant BASE = Instant.parse("2026-11-10T10:00:00Z");
    private static final List<String> USERS = List.of("alice", "bob", "carol");

    private final TotalsTestInfra infra = new TotalsTestInfra();
    /** Distinct billed attempts: (request id, attempt key) → cost, the ground truth. */
    private final Map<String, Long> distinctAttempts = new LinkedHashMap<>();
    private final Map<String, Long> costByUser = new HashMap<>();

    @AfterEach
    void close() {
        infra.close();
    }

    @Test
    void usageLogsStreamsTotalsAndDistinctAttemptsAgreeAfterRetriesDuplicatesAndARestart() {
        infra.start();
        List<UsageEvent> before = requests(0, 20);
        sendWithDuplicates(before);
        awaitAgreement();

        infra.restart();
        List<UsageEvent> after = requests(20, 30);
        sendWithDuplicates(after);
        // copies of events counted before the restart: the restored deduplication state must recognise them
        before.stream().filter(event -> event.getRequestId().hashCode() % 2 == 0).forEach(infra::send);
        awaitAgreement();

        DSLContext dsl = infra.dsl();
        long expected = distinctAttempts.values().stream().mapToLong(Long::longValue).sum();
        assertThat(sum(dsl, API_USAGE_LOGS.COST_MICROS, DSL.noCondition())).isEqualTo(expected);
        assertThat(rollupCost(dsl, "user", "month")).isEqualTo(expected);
        assertThat(rollupCost(dsl, "user", "day")).isEqualTo(expected);
        assertThat(rollupCost(dsl, "provider", "month")).isEqualTo(expected);
        assertThat(sum(dsl, USAGE_ROLLUPS.REQUESTS, USAGE_ROLLUPS.SUBJECT_TYPE.eq("user")
                .and(USAGE_ROLLUPS.PERIOD_KIND.eq("month")))).isEqualTo(30);
        for (String user : USERS) {
            assertThat(dsl.select(USAGE_ROLLUPS.COST_MICROS).from(USAGE_ROLLUPS)
                    .where(USAGE_ROLLUPS.SUBJECT_TYPE.eq("user"), USAGE_ROLLUPS.SUBJECT_ID.eq(user),
                            USAGE_ROLLUPS.PERIOD_KIND.eq("month"))
                    .fetchSingle().value1())
                    .as("month total of %s", user)
                    .isEqualTo(costByUser.get(user))
                    .isEqualTo(sum(dsl, API_USAGE_LOGS.COST_MICROS, API_USAGE_LOGS.USER_REF.eq(user)));
        }
    }

    /**
     * Requests {@code from} (inclusive) to {@code to}: request r makes 1 + r % 3 attempts, all but the last failed
     * at cost 0; every fifth request comes from a producer without attempt ids.
     */
    private List<UsageEvent> requests(int from, int to) {
        List<UsageEvent> events = new ArrayList<>();
        for (int r = from; r < to; r++) {
            String user = USERS.get(r % USERS.size());
            int attempts = 1 + r % 3;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                boolean last = attempt == attempts;
                String attemptId = r % 5 == 0 ? null : UUID.randomUUID().toString();
                long cost = last ? 1_000L * r + 7 : 0;
                UsageEvent event = UsageEvent.newBuilder()
                        .setRequestId("req-" + r).setAttempt(attempt).setAttemptId(attemptId)
                        .setUserId(user).setTeamId(user.equals("carol") ? null : "team-a").setKeyId("key-" + user)
                        .setProvider("openai").setEndpoint("/v1/chat/completions").setModel("gpt-4o")
                        .setUsage(last ? new TokenUsage(1_000, 100, 0) : new TokenUsage(0, 0, 0))
                        .setCostMicros(cost).setPriced(true)
                        .setPrice(new Price(150_000L, 75_000L, 600_000L, "prices.yaml", "2026-11-01"))
                        .setSuccess(last).setStatusCode(last ? 200 : 503)
                        .setOccurredAt(BASE.plus(Duration.ofMinutes(97L * r + attempt)))
                        .build();
                events.add(event);
                distinctAttempts.put(event.getRequestId() + "|" + (attemptId == null ? attempt : attemptId), cost);
                costByUser.merge(user, cost, Long::sum);
            }
        }
        return events;
    }

    /** Every fourth event twice in a row: a producer retry, or a worker re-sending after a lost acknowledgement. */
    private void sendWithDuplicates(List<UsageEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            infra.send(events.get(i));
            if (i % 4 == 0) {
                infra.send(events.get(i));
            }
        }
    }

    private void awaitAgreement() {
        long expected = distinctAttempts.values().stream().mapToLong(Long::longValue).sum();
        await().atMost(WAIT).untilAsserted(() -> {
            DSLContext dsl = infra.dsl();
            assertThat(dsl.fetchCount(API_USAGE_LOGS)).isEqualTo(distinctAttempts.size());
            assertThat(sum(dsl, USAGE_ROLLUPS.ATTEMPTS, USAGE_ROLLUPS.SUBJECT_TYPE.eq("user")
                    .and(USAGE_ROLLUPS.PERIOD_KIND.eq("month")))).isEqualTo(distinctAttempts.size());
            assertThat(rollupCost(dsl, "user", "month")).isEqualTo(expected);
        });
    }

    private static long rollupCost(DSLContext dsl, String subjectType, String periodKind) {
        return sum(dsl, USAGE_ROLLUPS.COST_MICROS, USAGE_ROLLUPS.SUBJECT_TYPE.eq(subjectType)
                .and(USAGE_ROLLUPS.PERIOD_KIND.eq(periodKind)));
    }

    private static long sum(DSLContext dsl, TableField<?, Long> column, Condition where) {
        BigDecimal total = dsl.select(DSL.sum(column)).from(column.getTable()).where(where).fetchSingle().value1();
        return total == null ? 0 : total.longValueExact();
    }
}
