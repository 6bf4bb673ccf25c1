package io.llmrelay.worker.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The Kafka clients' own metrics as meters ({@code kafka_consumer_fetch_manager_records_lag_max}, request rates,
 * errors...). Metrics a client creates later (per partition, per topic) are picked up every {@link #REFRESH}
 * instead of Micrometer's default minute, so a new assignment's lag shows within a scrape or two.
 */
public final class KafkaClientMeters implements AutoCloseable {

    static final Duration REFRESH = Duration.ofSeconds(15);

    private final MeterRegistry registry;
    private final ScheduledExecutorService refresher =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kafka-meters").daemon(true).factory());
    private final List<KafkaClientMetrics> bound = new CopyOnWriteArrayList<>();

    public KafkaClientMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void bind(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer, List.of(), refresher, REFRESH));
    }

    public void bind(Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer, List.of(), refresher, REFRESH));
    }

    private void bind(KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        bound.add(metrics);
    }

    /** Removes the meters; the refresher is ours, as Micrometer leaves a scheduler it was given running. */
    @Override
    public void close() {
        bound.forEach(KafkaClientMetrics::close);
        refresher.shutdownNow();
    }
}
