package io.llmrelay.worker.budget;

import static io.llmrelay.worker.budget.Budgets.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariDataSource;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.kafka.CompactedTopicView;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.kafka.KafkaCluster;
import io.llmrelay.testkit.postgres.PostgresServer;
import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.cost.Pricing;
import io.llmrelay.worker.kafka.KafkaSettings;
import io.llmrelay.worker.kafka.WorkerTopics;
import io.llmrelay.worker.provider.SecretBinding;
import io.llmrelay.worker.ratelimit.RateLimitSettings;
import io.llmrelay.worker.ratelimit.TokenEstimator;
import io.llmrelay.worker.routing.Routes;
import io.llmrelay.worker.routing.RoutingSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

/** The budget beans as the worker's context builds them, against a real broker and a real PostgreSQL. */
class BudgetConfigurationIT {

    // not a @Configuration: the worker's component scan in the integration tests must not pick it up
    @EnableConfigurationProperties({BudgetSettings.class, KafkaSettings.class, WorkerSettings.class,
            RateLimitSettings.class})
    static class Neighbours {

        @Bean
        WorkerTopics workerTopics(KafkaSettings kafka) {
            return WorkerTopics.withPrefix(kafka.topicPrefix());
        }

        @Bean
        Routes routes() {
            return Routes.from(new RoutingSettings("openai", Map.of()), Set.of("openai"));
        }

        @Bean
        Pricing pricing() {
            return new Pricing(BudgetReservationsTest.PRICES);
        }

        @Bean
        TokenEstimator tokenEstimator() {
            return BudgetReservationsTest.ESTIMATOR;
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private final KafkaCluster kafka = SharedInfra.kafka();
    private final PostgresServer postgres = SharedInfra.postgres();
    private final String prefix = "it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".";

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Neighbours.class, SecretBinding.class, BudgetConfiguration.class)
                .withPropertyValues("relay.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "relay.kafka.topic-prefix=" + prefix, "relay.worker.instance-id=it");
    }

    @Test
    void blocksFromTheStatusTopicAndHoldsInTheRateLimitDatabase() throws Exception {
        WorkerTopics topics = WorkerTopics.withPrefix(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, List.of(topics.budgetStatus(), topics.budgets()), kafka.replicationFactor());
        }
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        BudgetStatus blocked = Budgets.status("team", "x", month, 2_000_000, 1_000_000, true, Instant.now());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            String topic = topics.budgetStatus().name();
            producer.send(new ProducerRecord<>(topic, topics.budgetStatus().keySerde().serializer().serialize(topic,
                    "team:x"), topics.budgetStatus().valueSerde().serializer().serialize(topic, blocked))).get();
        }
        String jdbcUrl = postgres.createDatabase("budgetcfg_" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt()));

        runner().withPropertyValues("relay.rate-limits.datasource.url=" + jdbcUrl,
                        "relay.rate-limits.datasource.username=" + postgres.username(),
                        "relay.rate-limits.datasource.password=" + postgres.password(),
                        "relay.budget.startup-read-timeout=30s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BudgetStatusView view = context.getBean(BudgetStatusView.class);
                    // read before start-up finished: no waiting here
                    assertThat(view.blocked(request("alice", "x", null, null))).isPresent();
                    assertThat(context.getBean(BudgetReservations.class).shared()).isTrue();
                    assertThat(tableExists(jdbcUrl)).isTrue();
                });
    }

    @Test
    void withoutADatabaseHoldsAreKeptPerWorker() {
        runner().withPropertyValues("relay.budget.startup-read-timeout=0s").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BudgetReservations.class).shared()).isFalse();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    context.getBean("budgetStatusTable", CompactedTopicView.class).caughtUp());
        });
    }

    @Test
    void disabledBudgetsCreateNothing() {
        runner().withPropertyValues("relay.budget.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(BudgetStatusView.class);
            assertThat(context).doesNotHaveBean(BudgetReservations.class);
            assertThat(context).doesNotHaveBean(CompactedTopicViews.class);
        });
    }

    private boolean tableExists(String jdbcUrl) throws SQLException {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(jdbcUrl);
            pool.setUsername(postgres.username());
            pool.setPassword(postgres.password());
            try (Connection connection = pool.getConnection();
                 ResultSet tables = connection.getMetaData().getTables(null, null, PostgresReservations.TABLE, null)) {
                return tables.next();
            }
        }
    }
}
