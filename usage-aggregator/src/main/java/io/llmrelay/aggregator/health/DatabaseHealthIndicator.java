package io.llmrelay.aggregator.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code database} in the readiness group: without PostgreSQL no batch is stored (they wait, uncommitted). Reads
 * the last background check and never waits for the database.
 */
final class DatabaseHealthIndicator implements HealthIndicator {

    private final DatabaseReachability database;

    DatabaseHealthIndicator(DatabaseReachability database) {
        this.database = database;
    }

    @Override
    public Health health() {
        DatabaseReachability.Check check = database.current();
        Health.Builder health = check.reachable() ? Health.up() : Health.down().withDetail("reason", check.reason());
        return health.withDetail("checkedAt", check.checkedAt().toString()).build();
    }
}
