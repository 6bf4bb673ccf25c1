package io.llmrelay.worker.budget;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.budget.BudgetPeriods;
import io.llmrelay.schemas.kafka.CompactedTopicView;
import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.cost.Pricing;
import io.llmrelay.worker.kafka.KafkaSettings;
import io.llmrelay.worker.kafka.WorkerTopics;
import io.llmrelay.worker.provider.Target;
import io.llmrelay.worker.ratelimit.RateLimitSettings;
import io.llmrelay.worker.ratelimit.TokenEstimator;
import io.llmrelay.worker.routing.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's copies of {@code llm.budget.status} and {@code llm.budgets} (read before requests are taken, a
 * bounded wait), the {@link BudgetStatusView} over them and the {@link BudgetReservations}; none of it when
 * {@code relay.budget.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "relay.budget", name = "enabled", havingValue = "true", matchIfMissing = true)
class BudgetConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BudgetConfiguration.class);
    /** A reservation waits this long for a pooled connection before the request goes out holding nothing. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    @Bean(destroyMethod = "close")
    CompactedTopicView<BudgetStatus> budgetStatusTable(KafkaSettings kafka, WorkerSettings worker,
                                                       WorkerTopics topics) {
        return new CompactedTopicView<>(tableConsumer(kafka, worker.instanceId(), "budget-status"),
                topics.budgetStatus());
    }

    @Bean(destroyMethod = "close")
    CompactedTopicView<Budget> budgetTable(KafkaSettings kafka, WorkerSettings worker, WorkerTopics topics) {
        return new CompactedTopicView<>(tableConsumer(kafka, worker.instanceId(), "budgets"), topics.budgets());
    }

    /** Without a group (every worker reads every record); {@code suffix} names the table in the client id. */
    static Map<String, Object> tableConsumer(KafkaSettings kafka, String instanceId, String suffix) {
        return CompactedTopicView.consumerConfig(kafka.properties(), kafka.bootstrapServers(),
                "provider-worker-" + instanceId + "-" + suffix);
    }

    /** Both tables read (a bounded wait) before requests are taken. */
    @Bean
    CompactedTopicViews budgetTablesLifecycle(CompactedTopicView<BudgetStatus> budgetStatusTable,
                                              CompactedTopicView<Budget> budgetTable, BudgetSettings settings) {
        return new CompactedTopicViews(List.of(budgetStatusTable, budgetTable), settings.startupReadTimeout());
    }

    @Bean
    BudgetStatusView budgetStatusView(CompactedTopicView<BudgetStatus> budgetStatusTable,
                                      CompactedTopicView<Budget> budgetTable, BudgetSettings settings, Clock clock) {
        return new BudgetStatusView(budgetStatusTable::get, budgetTable::get,
                new BudgetPeriods(clock, settings.zone()));
    }

    @Bean(destroyMethod = "close")
    BudgetReservations budgetReservations(BudgetStatusView budgetStatusView, BudgetSettings settings,
                                          RateLimitSettings rateLimits, WorkerSettings worker, Routes routes,
                                          Pricing pricing, TokenEstimator tokenEstimator, Clock clock,
                                          MeterRegistry registry) {
        MaxCost maxCost = new MaxCost(model -> targetsOf(routes, model), pricing::price, tokenEstimator,
                settings.defaultMaxTokens());
        return new BudgetReservations(budgetStatusView, maxCost, store(rateLimits, worker), clock, registry);
    }

    /** Every target a model may be sent to: the route's own and its cheaper budget fallback. */
    private static List<Target> targetsOf(Routes routes, String model) {
        return routes.forModel(model).map(route -> {
            List<Target> targets = new ArrayList<>(route.targets());
            route.budgetFallback().filter(fallback -> !targets.contains(fallback)).ifPresent(targets::add);
            return List.copyOf(targets);
        }).orElse(List.of());
    }

    private static ReservationStore store(RateLimitSettings rateLimits, WorkerSettings worker) {
        RateLimitSettings.Datasource db = rateLimits.datasource();
        if (db.url() == null || db.url().isBlank()) {
            log.warn("budget holds are kept per worker (no relay.rate-limits.datasource.url): hard budgets are enforced"
                    + " per replica, so with N replicas up to N times a subject's remaining budget may be in flight");
            return new LocalReservations();
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("budget-reservations");
        pool.setJdbcUrl(db.url());
        pool.setUsername(db.username());
        if (db.password() != null) {
            pool.setPassword(db.password().reveal());
        }
        pool.setMaximumPoolSize(db.poolSize());
        pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        pool.addDataSourceProperty("ApplicationName", "provider-worker-" + worker.instanceId() + "-budgets");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the budget reservation database"
                    + " relay.rate-limits.datasource.url=" + db.url() + ": " + e.getMessage(), e);
        }
        try {
            PostgresReservations store = new PostgresReservations(dataSource);
            log.info("budget holds shared through PostgreSQL table {}", PostgresReservations.TABLE);
            return store;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }
}
