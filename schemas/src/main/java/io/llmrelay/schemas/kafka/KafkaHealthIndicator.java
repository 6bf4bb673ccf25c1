package io.llmrelay.schemas.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code kafka} in each service's readiness group: a service that cannot reach Kafka can neither take nor
 * answer requests. Reads the last background check of {@link ClusterReachability} and never waits for the
 * cluster, so a probe is answered in milliseconds whatever Kafka does.
 */
public final class KafkaHealthIndicator implements HealthIndicator {

    private final ClusterReachability cluster;

    public KafkaHealthIndicator(ClusterReachability cluster) {
        this.cluster = cluster;
    }

    @Override
    public Health health() {
        return switch (cluster.current()) {
            case ClusterReachability.Reachable up -> Health.up().withDetail("clusterId", up.clusterId())
                    .withDetail("brokers", up.brokers()).withDetail("checkedAt", up.checkedAt().toString()).build();
            case ClusterReachability.Unreachable down -> Health.down().withDetail("reason", down.reason())
                    .withDetail("checkedAt", down.checkedAt().toString()).build();
        };
    }
}
