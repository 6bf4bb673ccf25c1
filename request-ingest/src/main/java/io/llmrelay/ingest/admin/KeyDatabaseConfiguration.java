package io.llmrelay.ingest.admin;

import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmrelay.ingest.IngestProperties;
import io.llmrelay.ingest.auth.DatabaseRelayKeys;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL for relay keys, present only when {@code relay.ingest.database.url} is set. Wired by hand rather than by
 * Boot's datasource and Flyway auto-configuration, which would insist on a URL even when the database is off.
 *
 * <p>Ingest owns a schema of its own ({@code relay_ingest}) with its own history table
 * ({@value #HISTORY_TABLE}), so its migrations ({@code db/ingest}) and usage-aggregator's (in {@code public}) can
 * run against the same database in any order: neither finds the other's objects in its schema.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DatabaseConfigured.class)
class KeyDatabaseConfiguration {

    static final String HISTORY_TABLE = "flyway_schema_history_ingest";
    private static final Logger log = LoggerFactory.getLogger(KeyDatabaseConfiguration.class);

    /**
     * Small and quick to give up: the key refresh and the admin API are its only users, and a refresh that cannot get
     * a connection within 2 s should fail (keeping the last snapshot) rather than queue.
     */
    @Bean(destroyMethod = "close")
    HikariDataSource relayKeysDataSource(IngestProperties properties) {
        IngestProperties.Database database = properties.database();
        HikariConfig config = new HikariConfig();
        config.setPoolName("relay-keys");
        config.setJdbcUrl(database.url());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setSchema(database.schema());
        config.setMaximumPoolSize(database.maxPoolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(2_000);
        // pgjdbc, in seconds: connect within 2, give up on a silent server after 10
        config.addDataSourceProperty("connectTimeout", 2);
        config.addDataSourceProperty("socketTimeout", 10);
        return new HikariDataSource(config);
    }

    /** Migrates at start-up: a replica without its table must not start (PostgreSQL down then = restart). */
    @Bean
    RelayKeyStore relayKeyStore(DataSource relayKeysDataSource, IngestProperties properties) {
        String schema = properties.database().schema();
        var result = Flyway.configure().dataSource(relayKeysDataSource).locations("classpath:db/ingest")
                .schemas(schema).defaultSchema(schema).table(HISTORY_TABLE).load().migrate();
        log.info("relay key schema '{}' at version {} ({} migration(s) applied)", schema, result.targetSchemaVersion,
                result.migrationsExecuted);
        return new RelayKeyStore(JdbcClient.create(relayKeysDataSource));
    }

    @Bean(destroyMethod = "close")
    DatabaseRelayKeys databaseRelayKeys(RelayKeyStore relayKeyStore, IngestProperties properties, Clock clock) {
        return DatabaseRelayKeys.start(relayKeyStore, clock, properties.keysRefresh());
    }

    /**
     * {@code relayKeys} in the readiness group: UP once a snapshot of the stored keys has been read, and while it is
     * kept through a database outage, so a replica that never saw the stored keys gets no traffic. Without a database
     * there is no such indicator (and the group leaves it out).
     */
    @Bean
    HealthIndicator relayKeysHealthIndicator(DatabaseRelayKeys databaseRelayKeys) {
        return () -> (databaseRelayKeys.loaded() ? Health.up() : Health.down())
                .withDetail("storedKeys", databaseRelayKeys.size())
                .withDetail("loadedAt", String.valueOf(databaseRelayKeys.loadedAt())).build();
    }
}
