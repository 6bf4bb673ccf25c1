package io.llmrelay.worker.routing.db;

import java.sql.SQLException;
import java.util.Optional;

import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.provider.ProvidersSettings;
import io.llmrelay.worker.ratelimit.RateLimitSettings;
import io.llmrelay.worker.routing.RoutingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reads providers and routes from the database once, at start-up, when {@code relay.routing.from-database} says
 * so. An unreachable database then fails start-up: the worker would otherwise run without providers it is meant to
 * have.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseRoutingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRoutingConfiguration.class);

    @Bean
    DatabaseRouting databaseRouting(RoutesFromDatabaseSettings settings, RateLimitSettings rateLimits,
                                    ProvidersSettings providers, RoutingSettings routing, WorkerSettings worker) {
        RateLimitSettings.Datasource db = rateLimits.datasource();
        boolean urlSet = db.url() != null && !db.url().isBlank();
        boolean explicit = settings.fromDatabase() != null;
        if (!(explicit ? settings.fromDatabase() : urlSet)) {
            return DatabaseRouting.none();
        }
        if (!urlSet) {
            throw new IllegalStateException("relay.routing.from-database=true needs relay.rate-limits.datasource.url:"
                    + " the database holding api_configurations and model_routes");
        }
        Optional<ApiConfigurationsReader.Rows> rows;
        try {
            rows = ApiConfigurationsReader.read(db.url(), db.username(), db.password(),
                    "provider-worker-" + worker.instanceId());
        } catch (SQLException e) {
            throw new IllegalStateException("relay.routing.from-database: cannot read providers and routes from"
                    + " relay.rate-limits.datasource.url=" + db.url() + " (" + e.getMessage() + "); set"
                    + " relay.routing.from-database=false to start from the typed configuration only", e);
        }
        if (rows.isEmpty()) {
            String missing = "the database at relay.rate-limits.datasource.url=" + db.url() + " has no"
                    + " api_configurations with V9's columns and model_routes (the usage-aggregator's migrations)";
            if (explicit) {
                throw new IllegalStateException("relay.routing.from-database=true, but " + missing);
            }
            log.warn("providers and routes come from the typed configuration only: {}; set"
                    + " relay.routing.from-database=false to silence this", missing);
            return DatabaseRouting.none();
        }
        DatabaseRouting fromDatabase = DatabaseRouting.map(rows.get().configurations(), rows.get().routes(),
                providers.providers().keySet(), routing.routes().keySet());
        log.info("from the database: providers {}, routes {}", fromDatabase.providerIds(), fromDatabase.aliases());
        return fromDatabase;
    }
}
