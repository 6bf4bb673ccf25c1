package io.llmrelay.aggregator.budget;

import static io.llmrelay.aggregator.db.Tables.BUDGET_UTILISATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The V7 budget_utilisation view against a hand-computed fixture, on a database migrated as the aggregator does. */
class BudgetUtilisationIT {

    @Test
    void measuresEachPeriodOfABudgetsKindAgainstItsLimitAndBlocksOnlyHardBudgets() throws Exception {
        PostgresServer postgres = SharedInfra.postgres();
        String url = postgres.createDatabase("budget_view_" + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        Flyway.configure().dataSource(url, postgres.username(), postgres.password()).locations("classpath:db/migration")
                .load().migrate();
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password())) {
            DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
            dsl.execute("INSERT INTO budgets VALUES ('user', 'alice', 1000000, 'month', '{50,100}', true, now(), now()),"
                    + " ('team', 'a', 400, 'day', '{50}', false, now(), now())");
            rollup(dsl, "user", "alice", "month", LocalDate.of(2026, 10, 1), 1_250_000);
            rollup(dsl, "user", "alice", "month", LocalDate.of(2026, 11, 1), 950_000);
            // a day total of a monthly budget's subject: not the budget's kind, not in the view
            rollup(dsl, "user", "alice", "day", LocalDate.of(2026, 11, 26), 10);
            rollup(dsl, "team", "a", "day", LocalDate.of(2026, 11, 26), 500);
            // no budget
            rollup(dsl, "user", "bob", "month", LocalDate.of(2026, 11, 1), 5);

            assertThat(dsl.select(BUDGET_UTILISATION.SUBJECT_TYPE, BUDGET_UTILISATION.SUBJECT_ID,
                            BUDGET_UTILISATION.PERIOD_KIND, BUDGET_UTILISATION.PERIOD_START, BUDGET_UTILISATION.SPENT_MICROS,
                            BUDGET_UTILISATION.UTILISATION, BUDGET_UTILISATION.BLOCKED)
                    .from(BUDGET_UTILISATION).fetch().map(Record::intoArray))
                    .extracting(values -> tuple(values))
                    .containsExactlyInAnyOrder(
                            tuple("user", "alice", "month", LocalDate.of(2026, 10, 1), 1_250_000L, new BigDecimal("1.2500"), true),
                            tuple("user", "alice", "month", LocalDate.of(2026, 11, 1), 950_000L, new BigDecimal("0.9500"), false),
                            tuple("team", "a", "day", LocalDate.of(2026, 11, 26), 500L, new BigDecimal("1.2500"), false));
            assertThat(dsl.fetchValue("SELECT obj_description('budget_utilisation'::regclass, 'pg_class')")).isNotNull();
        }
    }

    private static void rollup(DSLContext dsl, String type, String id, String kind, LocalDate start, long cost) {
        dsl.execute("INSERT INTO usage_rollups VALUES ({0}, {1}, {2}, {3}, 1, 1, 10, 10, {4}, 0, 0, 0, now())",
                DSL.val(type), DSL.val(id), DSL.val(kind), DSL.val(start), DSL.val(cost));
    }
}
