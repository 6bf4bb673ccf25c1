package io.llmrelay.ingest.kafka;

import io.llmrelay.schemas.kafka.ClusterReachability;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code kafka} in the readiness group: a replica that cannot reach Kafka can only answer 503, so it should get no
 * traffic. Reads the last background check and never waits for the cluster.
 */
final class KafkaHealthIndicator implements HealthIndicator {

    private final ClusterReachability cluster;

    KafkaHealthIndicator(ClusterReachability cluster) {
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
