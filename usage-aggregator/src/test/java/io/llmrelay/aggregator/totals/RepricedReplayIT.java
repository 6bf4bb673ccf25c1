package io.llmrelay.aggregator.totals;

import static io.llmrelay.aggregator.db.Tables.API_USAGE_LOGS;
import static io.llmrelay.aggregator.db.Tables.MODEL_PRICES;
import static io.llmrelay.aggregator.db.Tables.USAGE_ROLLUPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * The README's price correction, end to end on a real broker and PostgreSQL: usage billed at the file's price,
 * a corrected price inserted into {@code model_prices}, then {@code llm.usage} replayed by a new Streams
 * application with {@code reprice=true}. The roll-ups come out at the corrected price; {@code api_usage_logs} keeps
 * what was billed.
 */
class RepricedReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Instant BASE = Instant.parse("2026-11-10T10:00:00Z");
    /** gpt-4o at the file's 2.5 / 10 USD per million tokens: 1000 prompt + 100 completion tokens = 3500 micro-USD. */
    private static final long BILLED = 3_500;
    /** At the corrected 5 / 20 USD per million tokens: 7000 micro-USD. */
    private static final long CORRECTED = 7_000;
    private static final int ATTEMPTS = 6;

    private final TotalsTestInfra infra = new TotalsTestInfra();

    @AfterEach
    void close() {
        infra.close();
    }

    @Test
    void aReplayWithRepricingRebuildsTheRollupsAtTheCorrectedPriceAndLeavesTheBilledLogAlone() {
        infra.start();
        List<UsageEvent> events = events();
        events.forEach(infra::send);
        infra.send(events.getFirst());
        awaitRollups(ATTEMPTS * BILLED);

        DSLContext dsl = infra.dsl();
        dsl.insertInto(MODEL_PRICES, MODEL_PRICES.PROVIDER, MODEL_PRICES.MODEL, MODEL_PRICES.INPUT_MICROS_PER_MTOK,
                        MODEL_PRICES.CACHED_INPUT_MICROS_PER_MTOK, MODEL_PRICES.OUTPUT_MICROS_PER_MTOK,
                        MODEL_PRICES.EFFECTIVE_FROM, MODEL_PRICES.SOURCE)
                .values("openai", "gpt-4o", 5_000_000L, 2_500_000L, 20_000_000L, LocalDate.parse("2026-11-01"),
                        "correction FIN-42")
                .values("openai", "gpt-4o", 1L, 1L, 1L, LocalDate.parse("2026-12-01"), "next month's price")
                .execute();
        // the README's steps: delete the roll-ups being rebuilt (the writer has caught up, awaited above, so nothing
        // writes them back), stop, start a new application with repricing
        dsl.deleteFrom(USAGE_ROLLUPS).execute();
        infra.stop();
        infra.start(Map.of("relay.aggregator.totals.reprice", "true",
                "relay.aggregator.totals.price-refresh", "1s",
                "relay.aggregator.totals.application-id", "llm-relay-usage-aggregator-streams-v2",
                "relay.aggregator.totals.rollup-group-id", "llm-relay-usage-aggregator-rollups-v2"));

        awaitRollups(ATTEMPTS * CORRECTED);
        DSLContext after = infra.dsl();
        assertThat(sum(after, USAGE_ROLLUPS.COST_MICROS, USAGE_ROLLUPS.SUBJECT_TYPE.eq("provider")
                .and(USAGE_ROLLUPS.PERIOD_KIND.eq("day")))).isEqualTo(ATTEMPTS * CORRECTED);
        assertThat(after.fetchCount(API_USAGE_LOGS)).isEqualTo(ATTEMPTS);
        assertThat(sum(after, API_USAGE_LOGS.COST_MICROS, DSL.noCondition()))
                .as("the log keeps the costs as billed").isEqualTo(ATTEMPTS * BILLED);
    }

    private static List<UsageEvent> events() {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            events.add(UsageEvent.newBuilder()
                    .setRequestId("req-" + i).setAttempt(1).setAttemptId("attempt-" + i)
                    .setUserId(i % 2 == 0 ? "alice" : "bob").setTeamId("team-a").setKeyId("key-" + i % 2)
                    .setProvider("openai").setEndpoint("/v1/chat/completions").setModel("gpt-4o")
                    .setUsage(new TokenUsage(1_000, 100, 0))
                    .setCostMicros(BILLED).setPriced(true)
                    .setPrice(new Price(2_500_000L, 1_250_000L, 10_000_000L, "price file", "2026-11-01"))
                    .setSuccess(true).setStatusCode(200)
                    .setOccurredAt(BASE.plus(Duration.ofMinutes(31L * i)))
                    .build());
        }
        return events;
    }

    private void awaitRollups(long expected) {
        await().atMost(WAIT).untilAsserted(() -> {
            DSLContext dsl = infra.dsl();
            assertThat(dsl.fetchCount(API_USAGE_LOGS)).isEqualTo(ATTEMPTS);
            assertThat(sum(dsl, USAGE_ROLLUPS.COST_MICROS, USAGE_ROLLUPS.SUBJECT_TYPE.eq("user")
                    .and(USAGE_ROLLUPS.PERIOD_KIND.eq("month")))).isEqualTo(expected);
        });
    }

    private static long sum(DSLContext dsl, TableField<?, Long> column, Condition where) {
        BigDecimal total = dsl.select(DSL.sum(column)).from(column.getTable()).where(where).fetchSingle().value1();
        return total == null ? 0 : total.longValueExact();
    }
}
