package io.llmrelay.aggregator.report;

import static io.llmrelay.aggregator.db.Tables.FAILURE_RATE_BY_PROVIDER_DAY;
import static io.llmrelay.aggregator.db.Tables.SPEND_BY_USER_MONTH;
import static io.llmrelay.aggregator.db.Tables.TOP_MODELS_BY_COST;
import static io.llmrelay.aggregator.db.Tables.UNPRICED_USAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The V4 views against a hand-computed fixture: three users (one without a team, one under two teams), two
 * providers, two months, a failed attempt that was retried, and unpriced models. The session runs in New York
 * time, so a view that used the session's zone instead of UTC would put r6 in January.
 */
class AnalystViewsIT {

    private static final LocalDate JANUARY = LocalDate.of(2026, 1, 1);
    private static final LocalDate FEBRUARY = LocalDate.of(2026, 2, 1);

    private static final List<UsageLogRow> FIXTURE = List.of(
            //              request attempt user   team      provider     model             prompt compl. cost_micros priced success latency occurred_at
            new UsageLogRow("r1", 1, "alice", "team-a", "openai",    "gpt-4o",          1_000,  200, 12_500_000, true,  true,    800, "2026-01-10T09:00:00Z"),
            new UsageLogRow("r2", 1, "alice", "team-a", "openai",    "gpt-4o",              0,    0,          0, true,  false, 30_000, "2026-01-10T10:00:00Z"),
            new UsageLogRow("r2", 2, "alice", "team-a", "openai",    "gpt-4o",            500,  100,  6_250_001, true,  true,    700, "2026-01-10T10:00:31Z"),
            new UsageLogRow("r3", 1, "bob",   "team-a", "anthropic", "claude-sonnet",   2_000,  300, 30_000_000, true,  true,  1_200, "2026-01-10T11:00:00Z"),
            new UsageLogRow("r4", 1, "carol", null,     "anthropic", "claude-next",       300,   50,          0, false, true,    900, "2026-01-11T08:00:00Z"),
            new UsageLogRow("r5", 1, "bob",   "team-a", "openai",    "gpt-4o-mini",     4_000, 1_000, 1_234_567, true,  true,    400, "2026-01-31T23:59:59Z"),
            // 2026-01-31 23:30 in New York: February in UTC
            new UsageLogRow("r6", 1, "alice", "team-a", "openai",    "gpt-4o-mini",     1_000,  500,        450, true,  true,    300, "2026-02-01T04:30:00Z"),
            new UsageLogRow("r7", 1, "carol", null,     "anthropic", "claude-next",       100,   20,          0, false, true,  1_000, "2026-02-02T12:00:00Z"),
            new UsageLogRow("r8", 1, "alice", "team-b", "anthropic", "claude-sonnet",   1_000,  100,  4_500_000, true,  true,  1_100, "2026-02-02T13:00:00Z"),
            new UsageLogRow("r9", 1, "carol", null,     "openai",    "gpt-5-preview",      50,   10,          0, false, true,  2_000, "2026-02-02T14:00:00Z"));

    private Connection connection;
    private DSLContext dsl;

    @BeforeEach
    void migratedDatabaseWithTheFixture() throws SQLException {
        connection = new ReportDatabase().connect();
        dsl = DSL.using(connection, SQLDialect.POSTGRES);
        dsl.execute("SET TIME ZONE 'America/New_York'");
        FIXTURE.forEach(row -> row.insertInto(dsl));
    }

    @AfterEach
    void closeConnection() throws SQLException {
        connection.close();
    }

    @Test
    void spendByUserMonthSumsCostTokensAndAttemptsPerUserTeamAndUtcMonth() {
        assertThat(dsl.selectFrom(SPEND_BY_USER_MONTH).fetch().map(Record::intoArray))
                .extracting(values -> tuple(values))
                .containsExactlyInAnyOrder(
                        // user  team      month     requests attempts prompt  compl.  cost_micros  cost_usd                      unpriced
                        tuple("alice", "team-a", JANUARY, 2L, 3L, 1_500L,   300L, 18_750_001L, new BigDecimal("18.750001"), 0L),
                        tuple("bob",   "team-a", JANUARY, 2L, 2L, 6_000L, 1_300L, 31_234_567L, new BigDecimal("31.234567"), 0L),
                        tuple("carol", null,     JANUARY, 1L, 1L,   300L,    50L,          0L, new BigDecimal("0.000000"),  1L),
                        tuple("alice", "team-a", FEBRUARY, 1L, 1L, 1_000L,  500L,        450L, new BigDecimal("0.000450"),  0L),
                        tuple("alice", "team-b", FEBRUARY, 1L, 1L, 1_000L,  100L,  4_500_000L, new BigDecimal("4.500000"),  0L),
                        tuple("carol", null,     FEBRUARY, 2L, 2L,   150L,    30L,          0L, new BigDecimal("0.000000"),  2L));
    }

    @Test
    void topModelsByCostRanksModelsWithinEachMonthAndTiesUnpricedOnesAtTheBottom() {
        assertThat(dsl.selectFrom(TOP_MODELS_BY_COST).fetch().map(Record::intoArray))
                .extracting(values -> tuple(values))
                .containsExactlyInAnyOrder(
                        // month   provider     model            attempts prompt  compl.  total   cost_micros  rank
                        tuple(JANUARY, "anthropic", "claude-sonnet", 1L, 2_000L,   300L, 2_300L, 30_000_000L, 1L),
                        tuple(JANUARY, "openai",    "gpt-4o",        3L, 1_500L,   300L, 1_800L, 18_750_001L, 2L),
                        tuple(JANUARY, "openai",    "gpt-4o-mini",   1L, 4_000L, 1_000L, 5_000L,  1_234_567L, 3L),
                        tuple(JANUARY, "anthropic", "claude-next",   1L,   300L,    50L,   350L,          0L, 4L),
                        tuple(FEBRUARY, "anthropic", "claude-sonnet", 1L, 1_000L,  100L, 1_100L,  4_500_000L, 1L),
                        tuple(FEBRUARY, "openai",    "gpt-4o-mini",   1L, 1_000L,  500L, 1_500L,        450L, 2L),
                        tuple(FEBRUARY, "anthropic", "claude-next",   1L,   100L,   20L,   120L,          0L, 3L),
                        tuple(FEBRUARY, "openai",    "gpt-5-preview", 1L,    50L,   10L,    60L,          0L, 3L));
    }

    @Test
    void failureRateByProviderDayCountsFailedAttemptsPerUtcDayRoundedUp() {
        assertThat(dsl.selectFrom(FAILURE_RATE_BY_PROVIDER_DAY).fetch().map(Record::intoArray))
                .extracting(values -> tuple(values))
                .containsExactlyInAnyOrder(
                        // 1 of 3 failed: 0.33333... rounded up
                        tuple(LocalDate.of(2026, 1, 10), "openai",    3L, 1L, new BigDecimal("0.3334")),
                        tuple(LocalDate.of(2026, 1, 10), "anthropic", 1L, 0L, new BigDecimal("0.0000")),
                        tuple(LocalDate.of(2026, 1, 11), "anthropic", 1L, 0L, new BigDecimal("0.0000")),
                        tuple(LocalDate.of(2026, 1, 31), "openai",    1L, 0L, new BigDecimal("0.0000")),
                        tuple(LocalDate.of(2026, 2, 1),  "openai",    1L, 0L, new BigDecimal("0.0000")),
                        tuple(LocalDate.of(2026, 2, 2),  "anthropic", 2L, 0L, new BigDecimal("0.0000")),
                        tuple(LocalDate.of(2026, 2, 2),  "openai",    1L, 0L, new BigDecimal("0.0000")));
    }

    @Test
    void unpricedUsageListsOnlyAttemptsWithoutAKnownPrice() {
        assertThat(dsl.selectFrom(UNPRICED_USAGE).fetch().map(Record::intoArray))
                .extracting(values -> tuple(values))
                .containsExactlyInAnyOrder(
                        // day                      provider     model          attempts prompt compl.
                        tuple(LocalDate.of(2026, 1, 11), "anthropic", "claude-next",   1L, 300L, 50L),
                        tuple(LocalDate.of(2026, 2, 2),  "anthropic", "claude-next",   1L, 100L, 20L),
                        tuple(LocalDate.of(2026, 2, 2),  "openai",    "gpt-5-preview", 1L,  50L, 10L));
    }

    /** The module's ANALYSTS.md: every ```sql block runs against the migrated schema (failsafe runs in the module directory). */
    @Test
    void everyExampleQueryInTheAnalystsGuideRuns() throws IOException {
        String guide = Files.readString(Path.of("ANALYSTS.md"));
        List<String> examples = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(guide).results()
                .map(match -> match.group(1))
                .toList();

        assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
        for (String example : examples) {
            assertThatCode(() -> dsl.fetch(example)).as(example).doesNotThrowAnyException();
        }
    }

    @Test
    void everyViewIsDocumentedInTheDatabase() {
        List<String> views = List.of("spend_by_user_month", "top_models_by_cost", "failure_rate_by_provider_day",
                "unpriced_usage");
        for (String view : views) {
            assertThat(dsl.fetchValue("SELECT obj_description({0}::regclass, 'pg_class')", view))
                    .as("COMMENT ON VIEW %s", view).asString().isNotBlank();
        }
    }
}
