package io.llmrelay.aggregator.report;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.flywaydb.core.Flyway;

/** A database of its own on the shared test PostgreSQL, migrated by Flyway as the aggregator migrates it at start-up. */
final class ReportDatabase {

    private final PostgresServer postgres = SharedInfra.postgres();
    final String jdbcUrl;

    ReportDatabase() {
        jdbcUrl = postgres.createDatabase("report_" + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        Flyway.configure().dataSource(jdbcUrl, postgres.username(), postgres.password())
                .locations("classpath:db/migration").load().migrate();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
    }

    String username() {
        return postgres.username();
    }

    String password() {
        return postgres.password();
    }
}
