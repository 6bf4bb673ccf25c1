package io.llmrelay.aggregator.totals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmrelay.schemas.BudgetAlert;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the totals store's changelog and {@code llm.budget.alerts} into PostgreSQL for analysts, one poll per
 * transaction, committing offsets only after the rows are written (at least once; the writes are idempotent).
 * Outside the Streams application on purpose: a slow or absent database must not stall totals and budgets.
 *
 * <p>When PostgreSQL cannot take a batch, the consumer seeks back to the batch's first offsets, pauses its
 * partitions and keeps polling (staying in the group) until a doubling back-off (capped at 10 s) has passed.
 */
final class RollupConsumerLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RollupConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final String changelogTopic;
    private final String alertsTopic;
    private final Deserializer<BudgetAlert> alerts;
    private final RollupWriter writer;
    private final Clock clock;
    private final TotalsSerde totals = new TotalsSerde();

    private volatile boolean running = true;
    private Instant retryAt;
    private Duration backoff = FIRST_BACKOFF;

    RollupConsumerLoop(Consumer<byte[], byte[]> consumer, String changelogTopic, String alertsTopic,
                       Deserializer<BudgetAlert> alerts, RollupWriter writer, Clock clock) {
        this.consumer = consumer;
        this.changelogTopic = changelogTopic;
        this.alertsTopic = alertsTopic;
        this.alerts = alerts;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(changelogTopic, alertsTopic));
            while (running) {
                if (retryAt != null && !clock.instant().isBefore(retryAt)) {
                    consumer.resume(consumer.paused());
                    retryAt = null;
                }
                handle(consumer.poll(POLL_TIMEOUT));
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        if (retryAt != null) {
            rewind(records);
            consumer.pause(records.partitions());
            return;
        }
        Map<TotalsKey, Totals> latest = new LinkedHashMap<>();
        List<BudgetAlert> raised = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            decode(record, latest, raised);
        }
        try {
            writer.write(latest, raised, OffsetDateTime.now(clock));
        } catch (RuntimeException e) {
            log.warn("could not write {} totals and {} budget alerts to PostgreSQL; retrying in {}: {}", latest.size(),
                    raised.size(), backoff, e.toString());
            rewind(records);
            consumer.pause(consumer.assignment());
            retryAt = clock.instant().plus(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            return;
        }
        backoff = FIRST_BACKOFF;
        try {
            consumer.commitSync(records.nextOffsets());
        } catch (CommitFailedException | RebalanceInProgressException | TimeoutException e) {
            // written; whoever reads these partitions next writes the same values again
            log.warn("wrote {} records' totals and alerts but could not commit their offsets ({})", records.count(),
                    e.toString());
        }
    }

    /** Tombstones (periods deleted from the store after the retention) leave the database's rows alone. */
    private void decode(ConsumerRecord<byte[], byte[]> record, Map<TotalsKey, Totals> latest, List<BudgetAlert> raised) {
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(alertsTopic)) {
                raised.add(alerts.deserialize(record.topic(), record.value()));
            } else {
                TotalsKey key = TotalsKey.parse(new String(record.key(), StandardCharsets.UTF_8));
                latest.remove(key);
                latest.put(key, totals.deserialize(record.topic(), record.value()));
            }
        } catch (SerializationException | IllegalArgumentException e) {
            log.error("skipping record {}-{}@{} that the aggregator's own application should not have written: {}",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).getFirst().offset());
        }
    }
}
