package io.llmrelay.testkit.containers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.llmrelay.testkit.postgres.PostgresServer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a container, for machines with a Docker engine ({@code RELAY_TEST_INFRA=containers}). */
public final class ContainerPostgres implements PostgresServer {

    static final String IMAGE = "postgres:17-alpine";

    private final PostgreSQLContainer container;

    private ContainerPostgres(PostgreSQLContainer container) {
        this.container = container;
    }

    public static ContainerPostgres start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        return new ContainerPostgres(container);
    }

    @Override
    public String jdbcUrl() {
        return container.getJdbcUrl();
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), username(), password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    @Override
    public void close() {
        container.stop();
    }
}
