package io.llmrelay.aggregator.totals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.cost.PriceOverride;
import io.llmrelay.schemas.cost.PriceOverrides;
import io.llmrelay.schemas.cost.TokenRates;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Totals with {@code relay.aggregator.totals.reprice}: each event's cost recomputed from its tokens with the
 * {@code model_prices} row in force on its UTC day, the event's own billed cost where no row is.
 */
class RepricedTotalsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOON = ZonedDateTime.of(2026, 11, 26, 12, 0, 0, 0, BERLIN).toInstant();
    /** 1000 prompt tokens of which 200 cached, 200 completion tokens. */
    private static final TokenUsage TOKENS = new TokenUsage(1_000, 200, 200);
    /** What the worker billed per attempt: deliberately not what any price here gives, so a recomputation shows. */
    private static final long BILLED = 999;

    @TempDir
    Path stateDir;

    private final AtomicReference<PriceOverrides> rows = new AtomicReference<>(PriceOverrides.none());
    private TopologyTestDriver driver;
    private TestInputTopic<String, UsageEvent> usage;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void withRepricingOffTotalsAreTheBilledCostsWhateverTheTableSays() {
        rows.set(PriceOverrides.of(List.of(row("openai", "gpt-4o", "2026-11-01", 300_000, 150_000, 1_200_000))));
        start(Optional.empty());

        send(attempt("r1", "gpt-4o", NOON));
        send(attempt("r2", "gpt-4o", NOON.plusSeconds(60)));

        assertThat(monthCost("user:alice")).isEqualTo(2 * BILLED);
    }

    @Test
    void withRepricingOnAnOverrideInForceBeforeTheEventsPricesTheirTokens() {
        rows.set(PriceOverrides.of(List.of(row("openai", "gpt-4o", "2026-11-01", 300_000, 150_000, 1_200_000))));
        start(Optional.of(rows::get));

        UsageEvent first = attempt("r1", "gpt-4o", NOON);
        send(first);
        send(first);
        send(attempt("r2", "gpt-4o-2024-08-06", NOON.plusSeconds(60)));

        // 800 x 0.3 + 200 x 0.15 + 200 x 1.2 = 510 micro-USD an attempt; the copy is counted once, the dated
        // snapshot is priced as its model
        assertThat(monthCost("user:alice")).isEqualTo(2 * 510);
        assertThat(monthCost("model:openai/gpt-4o")).isEqualTo(510);
        assertThat(dayTotals("user:alice").promptTokens()).isEqualTo(2_000);
    }

    @Test
    void anOverrideEffectiveAfterTheEventsChangesNothing() {
        rows.set(PriceOverrides.of(List.of(row("openai", "gpt-4o", "2026-11-27", 300_000, 150_000, 1_200_000))));
        start(Optional.of(rows::get));

        send(attempt("r1", "gpt-4o", NOON));
        send(attempt("r2", "gpt-4o", NOON.plusSeconds(60)));

        assertThat(monthCost("user:alice")).isEqualTo(2 * BILLED);
    }

    @Test
    void theLatestRowOnOrBeforeTheEventsUtcDayWinsAndOtherModelsKeepTheirBilledCost() {
        rows.set(PriceOverrides.of(List.of(
                row("openai", "gpt-4o", "2026-10-01", 1_000_000, 1_000_000, 1_000_000),
                row("openai", "gpt-4o", "2026-11-20", 2_000_000, 2_000_000, 2_000_000),
                row("openai", "gpt-4o", "2026-11-27", 9_000_000, 9_000_000, 9_000_000))));
        start(Optional.of(rows::get));

        send(attempt("r1", "gpt-4o", NOON));
        // 00:30 on the 27th in Berlin is still the 26th in UTC: the row from the 27th does not apply yet, while
        // the totals' day is Berlin's 27th
        send(attempt("r2", "gpt-4o", ZonedDateTime.of(2026, 11, 27, 0, 30, 0, 0, BERLIN).toInstant()));
        send(attempt("r3", "gpt-4o-mini", NOON));

        // 1200 tokens at 2 USD per million = 2400 micro-USD, twice; gpt-4o-mini has no row
        assertThat(monthCost("model:openai/gpt-4o")).isEqualTo(2 * 2_400);
        assertThat(dayTotals("user:alice").costMicros()).isEqualTo(2_400 + BILLED);
        assertThat(monthCost("model:openai/gpt-4o-mini")).isEqualTo(BILLED);
    }

    @Test
    void roundsUpOncePerAttemptAsTheWorkerDoes() {
        rows.set(PriceOverrides.of(List.of(row("openai", "gpt-4o", "2026-11-01", 1, 1, 1))));
        start(Optional.of(rows::get));

        // 1200 tokens at 1 micro-USD per million tokens: 0.0012 micro-USD, billed as 1, never 0
        send(attempt("r1", "gpt-4o", NOON));
        send(attempt("r2", "gpt-4o", NOON.plusSeconds(1)));

        assertThat(monthCost("user:alice")).isEqualTo(2);
    }

    @Test
    void aRowForAModelThatWasUnpricedPricesItsUsage() {
        rows.set(PriceOverrides.of(List.of(row("openai", "gpt-5", "2026-11-01", 300_000, 150_000, 1_200_000))));
        start(Optional.of(rows::get));

        send(UsageEvent.newBuilder(attempt("r1", "gpt-5", NOON)).setCostMicros(0).setPriced(false).setPrice(null)
                .build());

        Totals day = dayTotals("user:alice");
        assertThat(day.costMicros()).isEqualTo(510);
        assertThat(day.unpricedAttempts()).isZero();
    }

    @Test
    void aRefreshedSnapshotPricesTheEventsAfterIt() {
        start(Optional.of(rows::get));
        send(attempt("r1", "gpt-4o", NOON));

        rows.set(PriceOverrides.of(List.of(row("openai", "gpt-4o", "2026-11-01", 300_000, 150_000, 1_200_000))));
        send(attempt("r2", "gpt-4o", NOON.plusSeconds(60)));

        assertThat(monthCost("user:alice")).isEqualTo(BILLED + 510);
    }

    private void start(Optional<Supplier<PriceOverrides>> prices) {
        TotalsTopology.Topics topics = new TotalsTopology.Topics(Topics.USAGE, Topics.BUDGETS, Topics.BUDGET_ALERTS,
                Topics.BUDGET_STATUS);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "repriced-totals-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TotalsTopology.build(topics, BERLIN, Duration.ofDays(40), Duration.ofSeconds(30),
                prices), config, NOON);
        usage = driver.createInputTopic(Topics.USAGE.name(), Topics.USAGE.keySerde().serializer(),
                Topics.USAGE.valueSerde().serializer());
    }

    private void send(UsageEvent event) {
        usage.pipeInput(event.getUserId(), event, event.getOccurredAt());
    }

    private long monthCost(String subject) {
        Totals totals = driver.<String, Totals>getKeyValueStore(SpendProcessor.TOTALS_STORE).get("M|2026-11|" + subject);
        assertThat(totals).as("month totals of %s", subject).isNotNull();
        return totals.costMicros();
    }

    private Totals dayTotals(String subject) {
        Totals totals = driver.<String, Totals>getKeyValueStore(SpendProcessor.TOTALS_STORE).get("D|2026-11-26|" + subject);
        assertThat(totals).as("day totals of %s", subject).isNotNull();
        return totals;
    }

    private static PriceOverride row(String provider, String model, String from, long in, long cachedIn, long out) {
        return new PriceOverride(provider, model, LocalDate.parse(from), new TokenRates(in, cachedIn, out), "ticket");
    }

    private static UsageEvent attempt(String requestId, String model, Instant at) {
        return UsageEvent.newBuilder()
                .setRequestId(requestId).setAttempt(1).setAttemptId(requestId + "-a1")
                .setUserId("alice").setTeamId("platform").setKeyId("ci")
                .setProvider("openai").setEndpoint("/v1/chat/completions").setModel(model)
                .setUsage(TOKENS)
                .setCostMicros(BILLED).setPriced(true)
                .setPrice(new Price(150_000L, 75_000L, 600_000L, "price file", "2026-11-01"))
                .setSuccess(true).setStatusCode(200)
                .setOccurredAt(at)
                .build();
    }
}
