package io.llmrelay.worker.routing.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.routing.from-database}: whether providers and routes are also read, once at start-up, from the
 * {@code api_configurations} and {@code model_routes} tables of the database at {@code relay.rate-limits.datasource.*}.
 * Kept apart from {@link io.llmrelay.worker.routing.RoutingSettings} (same prefix) so the typed routes stay a plain
 * record.
 *
 * @param fromDatabase unset: true when {@code relay.rate-limits.datasource.url} is set, else false. Explicitly true
 *                     with no database, or with a database lacking the tables, fails start-up; when it is only
 *                     defaulted to true, a database without the tables is a warning and nothing is read
 */
@Validated
@ConfigurationProperties("relay.routing")
public record RoutesFromDatabaseSettings(Boolean fromDatabase) {
}
