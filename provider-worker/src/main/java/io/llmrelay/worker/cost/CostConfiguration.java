package io.llmrelay.worker.cost;

import java.time.Clock;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.ratelimit.RateLimitSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class CostConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CostConfiguration.class);

    /** A read of the overrides waits this long for a connection; the next refresh tries again. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The configured price file replaces the shipped one entirely; the two are not merged. With a database, the
     * {@code model_prices} overrides in force today win over the file.
     */
    @Bean
    Pricing pricing(WorkerSettings settings, JsonMapper json, PriceOverrideRefresher priceOverrides, Clock clock) {
        PriceFile file = new PriceFile(json);
        PriceTable table = settings.priceFile() == null ? file.loadShipped() : file.load(settings.priceFile());
        log.info("loaded {} model prices from {}", table.size(),
                settings.priceFile() == null ? "classpath:" + PriceFile.SHIPPED : settings.priceFile());
        return new Pricing(table, priceOverrides, clock);
    }

    /**
     * Read from the worker database ({@code relay.rate-limits.datasource.url}; none without one) through a
     * one-connection pool of its own: a refresh is one short read, and the rate limiter's pool is kept for the
     * calls that wait on it. The database being down at start does not stop the worker (the price file prices
     * until a read succeeds).
     */
    @Bean(destroyMethod = "close")
    PriceOverrideRefresher priceOverrides(RateLimitSettings rateLimits, PriceRefreshSettings refresh,
                                          WorkerSettings worker) {
        RateLimitSettings.Datasource db = rateLimits.datasource();
        if (db.url() == null || db.url().isBlank()) {
            log.info("no price overrides (no relay.rate-limits.datasource.url): the price file alone prices usage");
            return PriceOverrideRefresher.withoutDatabase();
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("price-overrides");
        pool.setJdbcUrl(db.url());
        pool.setUsername(db.username());
        if (db.password() != null) {
            pool.setPassword(db.password().reveal());
        }
        pool.setMaximumPoolSize(1);
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        pool.setInitializationFailTimeout(-1);
        pool.setReadOnly(true);
        pool.addDataSourceProperty("ApplicationName", "provider-worker-" + worker.instanceId() + "-prices");
        HikariDataSource dataSource = new HikariDataSource(pool);
        PriceOverrideRefresher refresher = new PriceOverrideRefresher(new PriceOverrideReader(dataSource),
                dataSource::close);
        refresher.start(refresh.priceRefresh());
        log.info("price overrides read from table {} every {}", PriceOverrideReader.TABLE, refresh.priceRefresh());
        return refresher;
    }

    @Bean
    ModelLabels modelLabels(Pricing pricing) {
        return pricing.modelLabels();
    }

    /** Read from the counts Pricing keeps anyway; all models together, as an unpriced model is by nature "other". */
    @Bean
    MeterBinder unpricedUsageMetrics(Pricing pricing) {
        return registry -> FunctionCounter.builder("relay.worker.usage.unpriced", pricing, Pricing::unpricedCount)
                .description("Provider attempts of a model without a price: recorded with priced=false and cost 0")
                .register(registry);
    }
}
