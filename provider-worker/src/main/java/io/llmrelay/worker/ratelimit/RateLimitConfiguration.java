package io.llmrelay.worker.ratelimit;

import java.time.Clock;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.routing.db.DatabaseRouting;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rate limiter and the provider holds it reads ({@link ProviderHolds} is also the adapters'
 * {@link io.llmrelay.worker.provider.RateLimitSignals}). Buckets are in PostgreSQL when a database is configured,
 * else in memory, per worker, with a warning.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);
    /** A decision waits this long for a pooled connection before the call goes out unlimited. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    @Bean
    ProviderHolds providerHolds(Clock clock) {
        return new ProviderHolds(clock);
    }

    @Bean
    TokenEstimator tokenEstimator(RateLimitSettings settings) {
        return new TokenEstimator(settings.defaultMaxTokens());
    }

    @Bean(destroyMethod = "close")
    BucketStore rateLimitBuckets(RateLimitSettings settings, WorkerSettings worker) {
        if (!settings.shared()) {
            if (!settings.limits().isEmpty()) {
                log.warn("rate limits are kept per worker (no relay.rate-limits.datasource.url): with N replicas a"
                        + " target may get N times its limits");
            }
            return new LocalBuckets();
        }
        RateLimitSettings.Datasource db = settings.datasource();
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("rate-limits");
        pool.setJdbcUrl(db.url());
        pool.setUsername(db.username());
        if (db.password() != null) {
            pool.setPassword(db.password().reveal());
        }
        pool.setMaximumPoolSize(db.poolSize());
        pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        pool.addDataSourceProperty("ApplicationName", "provider-worker-" + worker.instanceId());
        // an unreachable database at start fails start-up (the table must exist); later outages fail open
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the rate-limit database relay.rate-limits.datasource.url="
                    + db.url() + ": " + e.getMessage(), e);
        }
        try {
            PostgresBuckets buckets = new PostgresBuckets(dataSource, db.table());
            log.info("rate limits shared through PostgreSQL table {} ({} limits)", db.table(), settings.limits().size());
            return buckets;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    @Bean
    RateLimiter rateLimiter(RateLimitSettings settings, BucketStore rateLimitBuckets, TokenEstimator tokenEstimator,
                            ProviderHolds providerHolds, ObjectProvider<DatabaseRouting> fromDatabase,
                            MeterRegistry registry, Clock clock) {
        // plus each api_configurations provider's rate_limit_per_minute when relay.routing.from-database is on
        RateLimitSettings limits = fromDatabase.getIfAvailable(DatabaseRouting::none).limitsWith(settings);
        return new RateLimiter(limits, rateLimitBuckets, tokenEstimator, providerHolds,
                new RateLimitMetrics(registry), clock);
    }
}
