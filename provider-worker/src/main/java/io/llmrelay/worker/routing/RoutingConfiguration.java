package io.llmrelay.worker.routing;

import io.llmrelay.worker.provider.ProviderRegistry;
import io.llmrelay.worker.routing.db.DatabaseRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RoutingConfiguration.class);

    /**
     * Checked against the configured providers here, so a bad route fails start-up. The routes of
     * {@code model_routes} join the typed ones when relay.routing.from-database is on.
     */
    @Bean
    Routes routes(RoutingSettings settings, ProviderRegistry providers, ObjectProvider<DatabaseRouting> fromDatabase) {
        Routes routes = Routes.from(fromDatabase.getIfAvailable(DatabaseRouting::none)
                .routingWith(settings, providers.ids()), providers.ids());
        log.info("routes: {} (models without a route go to {})", routes.aliases().isEmpty() ? "none" : routes.aliases(),
                routes.defaultProvider().map(p -> "provider '" + p + "'")
                        .orElse("no provider: relay.routing.default-provider is not set"));
        return routes;
    }

    @Bean
    LatencyTracker latencyTracker() {
        return new LatencyTracker();
    }
}
