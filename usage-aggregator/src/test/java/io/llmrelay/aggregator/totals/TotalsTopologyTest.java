package io.llmrelay.aggregator.totals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetAlert;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The totals and budget topology under TopologyTestDriver, in Berlin time so that a zone mistake (UTC days)
 * shows: 23:30 in Berlin on the 31st is still the 31st, while UTC says the same.
 */
class TotalsTopologyTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Duration RETENTION = Duration.ofDays(40);
    private static final Duration REFRESH = Duration.ofSeconds(30);
    private static final Instant WALL_START = at(2026, 11, 26, 12, 0);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, UsageEvent> usage;
    private TestInputTopic<String, Budget> budgets;
    private TestOutputTopic<String, BudgetAlert> alerts;
    private TestOutputTopic<String, BudgetStatus> status;

    @BeforeEach
    void startDriver() {
        TotalsTopology.Topics topics = new TotalsTopology.Topics(Topics.USAGE, Topics.BUDGETS, Topics.BUDGET_ALERTS,
                Topics.BUDGET_STATUS);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "totals-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TotalsTopology.build(topics, BERLIN, RETENTION, REFRESH), config, WALL_START);
        usage = driver.createInputTopic(Topics.USAGE.name(), Topics.USAGE.keySerde().serializer(),
                Topics.USAGE.valueSerde().serializer());
        budgets = driver.createInputTopic(Topics.BUDGETS.name(), Topics.BUDGETS.keySerde().serializer(),
                Topics.BUDGETS.valueSerde().serializer());
        alerts = driver.createOutputTopic(Topics.BUDGET_ALERTS.name(), Topics.BUDGET_ALERTS.keySerde().deserializer(),
                Topics.BUDGET_ALERTS.valueSerde().deserializer());
        status = driver.createOutputTopic(Topics.BUDGET_STATUS.name(), Topics.BUDGET_STATUS.keySerde().deserializer(),
                Topics.BUDGET_STATUS.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void countsARedeliveredAttemptOnceAndEveryRetriedAttemptOfARequest() {
        Instant noon = at(2026, 11, 26, 12, 0);
        UsageEvent first = attempt("r1", 1, UUID.randomUUID().toString(), 100_000, noon);
        UsageEvent retry = attempt("r1", 2, UUID.randomUUID().toString(), 250_000, noon.plusSeconds(2));
        send(first);
        send(retry);
        send(first);
        send(retry);

        Totals day = totals("D|2026-11-26|user:alice");
        assertThat(day.costMicros()).isEqualTo(350_000);
        assertThat(day.attempts()).isEqualTo(2);
        assertThat(day.requests()).isEqualTo(1);
        assertThat(day.promptTokens()).isEqualTo(2_000);
        assertThat(totals("M|2026-11|user:alice")).isEqualTo(day);
        assertThat(totals("D|2026-11-26|team:platform")).isEqualTo(day);
        assertThat(totals("D|2026-11-26|key:ci")).isEqualTo(day);
        assertThat(totals("D|2026-11-26|provider:openai")).isEqualTo(day);
        assertThat(totals("M|2026-11|model:openai/gpt-4o")).isEqualTo(day);
    }

    @Test
    void identifiesAttemptsWithoutAnIdByRequestAndAttemptNumberAndACrashRedeliveryByItsNewIds() {
        Instant noon = at(2026, 11, 26, 12, 0);
        send(attempt("old", 1, null, 10, noon));
        send(attempt("old", 1, null, 10, noon));
        send(attempt("old", 1, " ", 10, noon));
        // a worker crash: the request runs again, numbering from 1, with new attempt ids
        send(attempt("crashed", 1, UUID.randomUUID().toString(), 1_000, noon));
        send(attempt("crashed", 1, UUID.randomUUID().toString(), 1_000, noon.plusSeconds(60)));

        Totals day = totals("D|2026-11-26|user:alice");
        assertThat(day.attempts()).isEqualTo(3);
        assertThat(day.requests()).isEqualTo(2);
        assertThat(day.costMicros()).isEqualTo(2_010);
    }

    @Test
    void countsUnpricedUsageApartFromSpend() {
        Instant noon = at(2026, 11, 26, 12, 0);
        send(attempt("priced", 1, "a1", 500, noon));
        send(UsageEvent.newBuilder(attempt("unpriced", 1, "a2", 0, noon)).setPriced(false).setPrice(null).build());

        Totals day = totals("D|2026-11-26|user:alice");
        assertThat(day.costMicros()).isEqualTo(500);
        assertThat(day.attempts()).isEqualTo(2);
        assertThat(day.unpricedAttempts()).isEqualTo(1);
        assertThat(day.unpricedPromptTokens()).isEqualTo(1_000);
        assertThat(day.unpricedCompletionTokens()).isEqualTo(200);
        assertThat(day.promptTokens()).isEqualTo(2_000);
    }

    @Test
    void startsANewDayAtMidnightAndANewMonthAtTheEndOfTheMonthInTheConfiguredZone() {
        send(attempt("a", 1, "a", 1, at(2026, 11, 29, 23, 59)));
        send(attempt("b", 1, "b", 10, at(2026, 11, 30, 0, 1)));
        send(attempt("c", 1, "c", 100, at(2026, 11, 30, 23, 59)));
        // 00:30 on 1 December in Berlin is still 30 November in UTC
        send(attempt("d", 1, "d", 1_000, at(2026, 12, 1, 0, 30)));

        assertThat(totals("D|2026-11-29|user:alice").costMicros()).isEqualTo(1);
        assertThat(totals("D|2026-11-30|user:alice").costMicros()).isEqualTo(110);
        assertThat(totals("D|2026-12-01|user:alice").costMicros()).isEqualTo(1_000);
        assertThat(totals("M|2026-11|user:alice").costMicros()).isEqualTo(111);
        assertThat(totals("M|2026-12|user:alice").costMicros()).isEqualTo(1_000);
    }

    @Test
    void aLateEventForYesterdayUpdatesYesterdayNotToday() {
        send(attempt("today", 1, "t", 100, at(2026, 11, 26, 9, 0)));
        send(attempt("yesterday", 1, "y", 7, at(2026, 11, 25, 22, 0)));
        send(attempt("later-today", 1, "l", 1_000, at(2026, 11, 26, 8, 0)));

        assertThat(totals("D|2026-11-25|user:alice").costMicros()).isEqualTo(7);
        assertThat(totals("D|2026-11-26|user:alice").costMicros()).isEqualTo(1_100);
        assertThat(totals("M|2026-11|user:alice").costMicros()).isEqualTo(1_107);
    }

    @Test
    void leavesOutUsageOlderThanTheRetentionBecauseItsDuplicatesCouldNoLongerBeRecognised() {
        send(attempt("now", 1, "n", 100, at(2026, 11, 26, 9, 0)));
        send(attempt("ancient", 1, "x", 5, at(2026, 10, 1, 9, 0)));

        assertThat(store(SpendProcessor.TOTALS_STORE).get("D|2026-10-01|user:alice")).isNull();
        assertThat(totals("M|2026-11|user:alice").costMicros()).isEqualTo(100);
    }

    @Test
    void raisesEveryThresholdAJumpCrossesOnceAndNeverAgainInThePeriod() {
        setBudget("user", "alice", 1_000_000, "month", true);
        send(attempt("r1", 1, "a1", 400_000, at(2026, 11, 26, 9, 0)));
        assertThat(alerts.isEmpty()).isTrue();

        send(attempt("r2", 1, "a2", 550_000, at(2026, 11, 26, 9, 1)));
        send(attempt("r3", 1, "a3", 10_000, at(2026, 11, 26, 9, 2)));
        send(attempt("r2", 1, "a2", 550_000, at(2026, 11, 26, 9, 1)));

        assertThat(alerts.readValuesToList()).extracting(BudgetAlert::getSubjectId, BudgetAlert::getPeriod,
                        BudgetAlert::getThresholdPercent, BudgetAlert::getSpentMicros, BudgetAlert::getLimitMicros)
                .containsExactly(
                        tuple("alice", "2026-11", 50, 950_000L, 1_000_000L),
                        tuple("alice", "2026-11", 75, 950_000L, 1_000_000L),
                        tuple("alice", "2026-11", 90, 950_000L, 1_000_000L));

        send(attempt("r4", 1, "a4", 40_000, at(2026, 11, 26, 9, 3)));
        List<TestRecord<String, BudgetAlert>> hundred = alerts.readRecordsToList();
        assertThat(hundred).hasSize(1);
        assertThat(hundred.getFirst().key()).isEqualTo("user:alice");
        assertThat(hundred.getFirst().value().getThresholdPercent()).isEqualTo(100);
        assertThat(hundred.getFirst().value().getSpentMicros()).isEqualTo(1_000_000L);

        send(attempt("r5", 1, "a5", 1, at(2026, 11, 26, 9, 4)));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void raisesTheThresholdsAgainInTheNextPeriod() {
        setBudget("team", "platform", 100, "day", false);
        send(attempt("r1", 1, "a1", 60, at(2026, 11, 26, 23, 0)));
        send(attempt("r2", 1, "a2", 60, at(2026, 11, 27, 0, 30)));

        assertThat(alerts.readRecordsToList()).extracting(TestRecord::key, r -> r.value().getPeriod(),
                        r -> r.value().getThresholdPercent())
                .containsExactly(tuple("team:platform", "2026-11-26", 50), tuple("team:platform", "2026-11-27", 50));
    }

    @Test
    void publishesSpentAndBlocksAHardBudgetAtItsLimitOnly() {
        setBudget("key", "ci", 1_000, "day", true);
        setBudget("user", "alice", 1_000, "day", false);
        assertThat(latestStatus("key:ci").getSpentMicros()).isZero();

        send(attempt("r1", 1, "a1", 999, at(2026, 11, 26, 13, 0)));
        assertThat(latestStatus("key:ci").getBlocked()).isFalse();
        assertThat(latestStatus("key:ci").getSpentMicros()).isEqualTo(999);

        send(attempt("r2", 1, "a2", 1, at(2026, 11, 26, 13, 1)));
        BudgetStatus key = latestStatus("key:ci");
        assertThat(key.getBlocked()).isTrue();
        assertThat(key.getSpentMicros()).isEqualTo(1_000);
        assertThat(key.getLimitMicros()).isEqualTo(1_000);
        assertThat(key.getPeriod()).isEqualTo("2026-11-26");
        BudgetStatus soft = latestStatus("user:alice");
        assertThat(soft.getSpentMicros()).isEqualTo(1_000);
        assertThat(soft.getBlocked()).isFalse();
    }

    @Test
    void publishesNoStatusWhenSpendDidNotChangeAndNoneForSubjectsWithoutABudget() {
        setBudget("user", "alice", 1_000, "day", true);
        status.readRecordsToList();
        send(UsageEvent.newBuilder(attempt("free", 1, "a1", 0, at(2026, 11, 26, 13, 0))).setPriced(false).build());

        assertThat(status.readRecordsToList()).isEmpty();
    }

    @Test
    void aLateEventForYesterdayDoesNotOverwriteTodaysStatus() {
        setBudget("user", "alice", 1_000, "day", true);
        send(attempt("today", 1, "t", 100, at(2026, 11, 26, 9, 0)));
        send(attempt("yesterday", 1, "y", 2_000, at(2026, 11, 25, 22, 0)));

        BudgetStatus latest = latestStatus("user:alice");
        assertThat(latest.getPeriod()).isEqualTo("2026-11-26");
        assertThat(latest.getSpentMicros()).isEqualTo(100);
        assertThat(latest.getBlocked()).isFalse();
        assertThat(alerts.readValuesToList()).extracting(BudgetAlert::getPeriod).containsOnly("2026-11-25");
    }

    @Test
    void unblocksAtMidnightWithoutWaitingForUsage() {
        setBudget("user", "alice", 1_000, "day", true);
        send(attempt("r1", 1, "a1", 5_000, at(2026, 11, 26, 11, 0)));
        assertThat(latestStatus("user:alice").getBlocked()).isTrue();

        // noon to 00:00:30 the next day, Berlin time
        driver.advanceWallClockTime(Duration.ofHours(12).plusSeconds(30));

        BudgetStatus fresh = latestStatus("user:alice");
        assertThat(fresh.getPeriod()).isEqualTo("2026-11-27");
        assertThat(fresh.getSpentMicros()).isZero();
        assertThat(fresh.getBlocked()).isFalse();
    }

    @Test
    void aLoweredLimitIsAppliedAtOnceAndARemovedBudgetLeavesATombstone() {
        setBudget("user", "alice", 10_000, "month", true);
        send(attempt("r1", 1, "a1", 2_000, at(2026, 11, 26, 11, 0)));
        alerts.readRecordsToList();

        setBudget("user", "alice", 2_000, "month", true);
        assertThat(latestStatus("user:alice").getBlocked()).isTrue();
        assertThat(alerts.readValuesToList()).extracting(BudgetAlert::getThresholdPercent).containsExactly(50, 75, 90, 100);

        budgets.pipeInput("user:alice", null, WALL_START);
        List<TestRecord<String, BudgetStatus>> records = status.readRecordsToList();
        assertThat(records.getLast().key()).isEqualTo("user:alice");
        assertThat(records.getLast().value()).isNull();
    }

    @Test
    void skipsBudgetsThatAreNotBudgetsAndKeepsCounting() {
        Budget weekly = Budget.newBuilder().setSubjectType("user").setSubjectId("alice").setLimitMicros(10)
                .setPeriod("week").setThresholdsPercent(List.of(50)).setHard(true).setUpdatedAt(WALL_START).build();
        budgets.pipeInput("user:alice", weekly, WALL_START);
        budgets.pipeInput("no-type", Budget.newBuilder(weekly).setPeriod("day").build(), WALL_START);
        send(UsageEvent.newBuilder(attempt("r1", 1, "a1", 100, at(2026, 11, 26, 9, 0))).setTeamId(" ").build());
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        assertThat(status.isEmpty()).isTrue();
        assertThat(totals("D|2026-11-26|user:alice").costMicros()).isEqualTo(100);
        assertThat(store(SpendProcessor.TOTALS_STORE).get("D|2026-11-26|team: ")).isNull();
    }

    private void send(UsageEvent event) {
        usage.pipeInput(event.getUserId(), event, event.getOccurredAt());
    }

    private void setBudget(String type, String id, long limit, String period, boolean hard) {
        Budget budget = Budget.newBuilder().setSubjectType(type).setSubjectId(id).setLimitMicros(limit)
                .setPeriod(period).setThresholdsPercent(List.of(50, 75, 90, 100)).setHard(hard)
                .setUpdatedAt(WALL_START).build();
        budgets.pipeInput(type + ":" + id, budget, WALL_START);
    }

    private BudgetStatus latestStatus(String subject) {
        return status.readRecordsToList().stream().filter(r -> r.key().equals(subject)).map(TestRecord::value)
                .reduce((first, second) -> second)
                .orElseGet(() -> driver.<String, BudgetStatus>getKeyValueStore(SpendProcessor.STATUS_STORE).get(subject));
    }

    private Totals totals(String key) {
        Totals totals = this.<Totals>store(SpendProcessor.TOTALS_STORE).get(key);
        assertThat(totals).as("totals of %s", key).isNotNull();
        return totals;
    }

    private <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    private static UsageEvent attempt(String requestId, int attempt, String attemptId, long costMicros, Instant at) {
        return UsageEvent.newBuilder()
                .setRequestId(requestId).setAttempt(attempt).setAttemptId(attemptId)
                .setUserId("alice").setTeamId("platform").setKeyId("ci")
                .setProvider("openai").setEndpoint("/v1/chat/completions").setModel("gpt-4o")
                .setUsage(new TokenUsage(1_000, 200, 0))
                .setCostMicros(costMicros).setPriced(true)
                .setPrice(new Price(150_000L, 75_000L, 600_000L, "prices.yaml", "2026-11-01"))
                .setSuccess(true).setStatusCode(200)
                .setOccurredAt(at)
                .build();
    }

    private static Instant at(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, BERLIN).toInstant();
    }
}
