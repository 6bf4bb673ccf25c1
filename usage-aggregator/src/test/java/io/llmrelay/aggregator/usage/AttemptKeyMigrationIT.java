package io.llmrelay.aggregator.usage;

import static io.llmrelay.aggregator.db.Tables.API_USAGE_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import io.llmrelay.aggregator.db.tables.records.ApiUsageLogsRecord;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** Rows stored before V3 keep their identity: (request_id, attempt) becomes (request_id, attempt_key = attempt). */
class AttemptKeyMigrationIT {

    private final PostgresServer postgres = SharedInfra.postgres();

    @Test
    void rowsStoredBeforeAttemptIdsAreKeyedByTheirAttemptNumber() throws SQLException {
        String jdbcUrl = postgres.createDatabase("agg_" + UsageTopics.randomHex());
        migrate(jdbcUrl, "2");
        try (Connection connection = connect(jdbcUrl)) {
            DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
            // the V2 table, written as the aggregator before attempt ids did: columns by name, not the generated record
            dsl.execute("""
                    INSERT INTO api_usage_logs (provider_name, endpoint, success, request_id, attempt, user_ref, model,
                        prompt_tokens, completion_tokens, cost_micros, priced, occurred_at)
                    VALUES ('openai', '/v1/chat/completions', true, 'req-old', 1, 'user-1', 'gpt-4o-mini', 10, 5, 42,
                        true, now()),
                           ('openai', '/v1/chat/completions', true, 'req-old', 2, 'user-1', 'gpt-4o-mini', 10, 5, 42,
                        true, now())""");
        }

        migrate(jdbcUrl, "latest");

        try (Connection connection = connect(jdbcUrl)) {
            DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
            assertThat(dsl.selectFrom(API_USAGE_LOGS).orderBy(API_USAGE_LOGS.ATTEMPT).fetch())
                    .extracting(ApiUsageLogsRecord::getAttemptKey, ApiUsageLogsRecord::getAttemptId)
                    .containsExactly(tuple("1", null), tuple("2", null));
            UsageLogWriter writer = new UsageLogWriter(dsl);
            // re-delivered from before the upgrade, without attempt_id: still the stored row
            assertThat(writer.insert(List.of(UsageRowMapper.toRow(
                    UsageEvents.priced("req-old", 1, "user-1").build())))).isZero();
            // the same attempt number from a later delivery, with the id of its own provider call: a new row
            assertThat(writer.insert(List.of(UsageRowMapper.toRow(UsageEvents.priced("req-old", 1, "user-1")
                    .setAttemptId("e2a7c9d4-1b6f-4a3e-8d05-7f9c3b1a6e28").build())))).isOne();
            assertThat(dsl.fetchCount(API_USAGE_LOGS)).isEqualTo(3);
        }
    }

    private void migrate(String jdbcUrl, String target) {
        Flyway.configure().dataSource(jdbcUrl, postgres.username(), postgres.password())
                .locations("classpath:db/migration").target(target).load().migrate();
    }

    private Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
    }
}
