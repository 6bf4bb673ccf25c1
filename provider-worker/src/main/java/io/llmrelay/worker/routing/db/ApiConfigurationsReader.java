package io.llmrelay.worker.routing.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import io.llmrelay.worker.provider.Secret;

/**
 * Reads the enabled {@code api_configurations} rows and the {@code model_routes} rows once, in one read-only
 * snapshot, over a connection of its own that is closed right after: nothing here needs a pool, and the rate
 * limiter's pool is built later with settings of its own.
 */
final class ApiConfigurationsReader {

    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final int READ_TIMEOUT_SECONDS = 30;

    /** Both tables' rows. */
    record Rows(List<ApiConfigurationRow> configurations, List<ModelRouteRow> routes) {
    }

    private ApiConfigurationsReader() {
    }

    /**
     * @return empty when the database lacks {@code api_configurations} or {@code model_routes} (the usage-aggregator's
     *         migrations, V9 included, have not run there)
     * @throws SQLException when the database cannot be reached or read
     */
    static Optional<Rows> read(String url, String username, Secret password, String applicationName)
            throws SQLException {
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password.reveal());
        }
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(READ_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", applicationName);
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            try {
                if (!tablesExist(connection)) {
                    return Optional.empty();
                }
                return Optional.of(new Rows(configurations(connection), routes(connection)));
            } finally {
                connection.rollback();
            }
        }
    }

    /** Both tables, and V9's {@code enabled} column (a database migrated up to V8 only has the table). */
    private static boolean tablesExist(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT to_regclass('model_routes') IS NOT NULL
                   AND EXISTS (SELECT 1 FROM information_schema.columns
                               WHERE table_name = 'api_configurations' AND column_name = 'enabled'
                                 AND table_schema = ANY (current_schemas(false)))""");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static List<ApiConfigurationRow> configurations(Connection connection) throws SQLException {
        List<ApiConfigurationRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT provider_name, kind, endpoint_url, api_key_secret_name, rate_limit_per_minute, timeout_seconds,
                       COALESCE(circuit_breaker_enabled, true)
                FROM api_configurations WHERE enabled ORDER BY created_at, provider_name""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(new ApiConfigurationRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getInt(6), rs.getBoolean(7)));
            }
        }
        return rows;
    }

    private static List<ModelRouteRow> routes(Connection connection) throws SQLException {
        List<ModelRouteRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT alias, position, provider_name, model, weight, strategy
                FROM model_routes ORDER BY alias, position""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(new ModelRouteRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6)));
            }
        }
        return rows;
    }
}
