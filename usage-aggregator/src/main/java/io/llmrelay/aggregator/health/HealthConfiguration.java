package io.llmrelay.aggregator.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import io.llmrelay.aggregator.config.RelayKafkaProperties;
import io.llmrelay.schemas.kafka.ClusterReachability;
import io.llmrelay.schemas.kafka.KafkaHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The readiness checks: Kafka and PostgreSQL, both checked in the background so probes never wait for them. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    /** As for Kafka: a check a second at most, every two seconds, so an outage shows within about three. */
    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration DATABASE_INTERVAL = Duration.ofSeconds(2);

    @Bean(destroyMethod = "close")
    ClusterReachability kafkaReachability(RelayKafkaProperties kafka) {
        return ClusterReachability.start(kafka.bootstrapServers(), kafka.properties(), "usage-aggregator-health");
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(ClusterReachability kafkaReachability) {
        return new KafkaHealthIndicator(kafkaReachability);
    }

    /** The same URL and credentials as the pool, unpooled, with pgjdbc's timeouts (seconds) cut to the check's. */
    @Bean(destroyMethod = "close")
    DatabaseReachability databaseReachability(DataSourceProperties dataSource, Clock clock) {
        SimpleDriverDataSource direct = dataSource.initializeDataSourceBuilder().type(SimpleDriverDataSource.class)
                .build();
        Properties timeouts = new Properties();
        timeouts.setProperty("connectTimeout", "1");
        timeouts.setProperty("loginTimeout", "2");
        timeouts.setProperty("socketTimeout", "2");
        direct.setConnectionProperties(timeouts);
        return new DatabaseReachability(direct, DATABASE_TIMEOUT, DATABASE_INTERVAL, clock);
    }

    @Bean
    HealthIndicator databaseHealthIndicator(DatabaseReachability databaseReachability) {
        return new DatabaseHealthIndicator(databaseReachability);
    }
}
