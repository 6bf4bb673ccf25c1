package io.llmrelay.aggregator.totals;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import io.llmrelay.aggregator.AggregatorApplication;
import io.llmrelay.schemas.BudgetAlert;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.kafka.KafkaCluster;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jooq.DSLContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A test's own topics (every catalog topic under a prefix), database and state directory on the shared broker and
 * PostgreSQL, and the whole aggregator started against them; {@link #restart()} stops it and starts it again with
 * a new, empty state directory, so the restarted totals application must restore its state from the changelogs.
 */
public final class TotalsTestInfra implements AutoCloseable {

    public static final String ADMIN_KEY = "admin-" + hex();

    public final String prefix = "it-" + hex() + ".";
    public final Topic<String, UsageEvent> usage = Topics.USAGE.withPrefix(prefix);
    public final Topic<String, BudgetAlert> alerts = Topics.BUDGET_ALERTS.withPrefix(prefix);
    public final Topic<String, BudgetStatus> status = Topics.BUDGET_STATUS.withPrefix(prefix);

    private final KafkaCluster kafka = SharedInfra.kafka();
    private final PostgresServer postgres = SharedInfra.postgres();
    private final String jdbcUrl = postgres.createDatabase("totals_" + hex());
    private final KafkaProducer<String, UsageEvent> producer;
    private final String groupSuffix = hex();
    private ConfigurableApplicationContext aggregator;
    private int starts;

    public TotalsTestInfra() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, Topics.allWithPrefix(prefix), kafka.replicationFactor());
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 0),
                usage.keySerde().serializer(), usage.valueSerde().serializer());
    }

    static String hex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    public TotalsTestInfra start() {
        return start(Map.of());
    }

    /** @param overrides properties on top of (or replacing) the test's own, e.g. a replay's new application id */
    public TotalsTestInfra start(Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("relay.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("relay.kafka.topic-prefix", prefix);
        properties.put("relay.aggregator.group-id", "it-aggregator-" + groupSuffix);
        properties.put("relay.aggregator.poll-timeout", "200ms");
        properties.put("relay.aggregator.admin-key", ADMIN_KEY);
        properties.put("relay.aggregator.totals.replication-factor", "1");
        properties.put("relay.aggregator.totals.commit-interval", "100ms");
        properties.put("relay.aggregator.totals.status-refresh", "1s");
        properties.put("relay.aggregator.totals.state-dir",
                Path.of("target", "streams-state", prefix + "run" + (++starts)).toAbsolutePath().toString());
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        properties.put("server.port", "0");
        properties.putAll(overrides);
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        aggregator = new SpringApplicationBuilder(AggregatorApplication.class).run(args);
        return this;
    }

    public void restart() {
        aggregator.close();
        start();
    }

    public void stop() {
        aggregator.close();
        aggregator = null;
    }

    public DSLContext dsl() {
        return aggregator.getBean(DSLContext.class);
    }

    public URI uri(String path) {
        int port = ((WebServerApplicationContext) aggregator).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public void send(UsageEvent event) {
        try {
            producer.send(new ProducerRecord<>(usage.name(), event.getUserId(), event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("test producer could not send", e.getCause());
        }
    }

    /**
     * Every committed record of {@code topic} up to its current end (last stable offset): call it once the records
     * expected are known to be committed, e.g. after the status or database shows the last event's effect.
     */
    public <V> List<ConsumerRecord<String, V>> readAll(Topic<String, V> topic) {
        List<ConsumerRecord<String, V>> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "isolation.level", "read_committed"), topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return read;
    }

    @Override
    public void close() {
        if (aggregator != null) {
            aggregator.close();
        }
        producer.close();
    }
}
