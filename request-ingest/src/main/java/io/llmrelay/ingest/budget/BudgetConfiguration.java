package io.llmrelay.ingest.budget;

import java.time.Clock;
import java.util.List;

import io.llmrelay.ingest.IngestProperties;
import io.llmrelay.ingest.RelayKafkaProperties;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.budget.BudgetPeriods;
import io.llmrelay.schemas.kafka.CompactedTopicView;
import io.llmrelay.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This replica's copy of {@code llm.budget.status} (read before the web server starts, a bounded wait) and the
 * {@link BudgetGate} over it; with {@code relay.ingest.budget.enabled=false} no copy, and a gate that never refuses.
 */
@Configuration(proxyBeanMethods = false)
class BudgetConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BudgetConfiguration.class);
    private static final String ENABLED = "relay.ingest.budget.enabled";

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = ENABLED, havingValue = "true", matchIfMissing = true)
    CompactedTopicView<BudgetStatus> budgetStatusTable(RelayKafkaProperties kafka, IngestProperties ingest) {
        return new CompactedTopicView<>(CompactedTopicView.consumerConfig(kafka.properties(), kafka.bootstrapServers(),
                "request-ingest-" + ingest.instanceId() + "-budget-status"),
                Topics.BUDGET_STATUS.withPrefix(kafka.topicPrefix()));
    }

    @Bean
    @ConditionalOnProperty(name = ENABLED, havingValue = "true", matchIfMissing = true)
    SmartLifecycle budgetStatusTableLifecycle(CompactedTopicView<BudgetStatus> budgetStatusTable,
                                              BudgetGateSettings settings) {
        return new TableLifecycle(budgetStatusTable, settings);
    }

    @Bean
    BudgetGate budgetGate(BudgetGateSettings settings, ObjectProvider<CompactedTopicView<BudgetStatus>> table,
                          Clock clock) {
        CompactedTopicView<BudgetStatus> statuses = table.getIfAvailable();
        if (!settings.enabled() || statuses == null) {
            log.info("budget gate off ({}=false): budgets are enforced by the workers alone", ENABLED);
            return BudgetGate.disabled();
        }
        return new BudgetGate(statuses::get, new BudgetPeriods(clock, settings.zone()));
    }

    /**
     * Starts the table before the web server (which starts in {@link WebServerApplicationContext}'s phase), so that
     * the first requests already meet the blocked subjects; stops it after the server has drained.
     */
    private static final class TableLifecycle implements SmartLifecycle {

        private final CompactedTopicView<BudgetStatus> table;
        private final BudgetGateSettings settings;
        private volatile boolean running;

        TableLifecycle(CompactedTopicView<BudgetStatus> table, BudgetGateSettings settings) {
            this.table = table;
            this.settings = settings;
        }

        @Override
        public void start() {
            try {
                CompactedTopicView.startAll(List.of(table), settings.startupReadTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running = true;
        }

        @Override
        public void stop() {
            table.close();
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024;
        }
    }
}
