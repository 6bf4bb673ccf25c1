package io.llmrelay.ingest.reply;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.topic.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Reads this replica's reply partition of {@code llm.results} and hands each result to the request waiting for it.
 *
 * <p>The consumer is assigned its one partition by hand: no group, no rebalances, no commits. It starts at the end
 * of the partition, because only requests sent from now on can be waiting here. Results for unknown request ids
 * are counted and dropped. It runs on its own platform thread, and starts before (and stops after) the web server,
 * so no request is accepted before its reply could be seen and in-flight requests still get their replies while the
 * server drains.
 *
 * <p>Poll errors are logged and retried. If the thread ends any other way than by {@link #stop()}, every later
 * request of this replica would wait out its timeout and get a 504, so {@code onUnexpectedExit} closes the
 * application instead and Kubernetes restarts it.
 */
final class ReplyListener implements SmartLifecycle, ReplyStats {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration BACKOFF_AFTER_ERROR = Duration.ofSeconds(1);

    private final Map<String, Object> consumerConfig;
    private final Topic<String, CompletionResult> topic;
    private final int partition;
    private final Duration startTimeout;
    private final PendingReplies pending;
    private final Runnable onUnexpectedExit;
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();

    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile boolean running;
    private volatile boolean stopRequested;
    private volatile Consumer<String, byte[]> consumer;
    private volatile Thread thread;

    /**
     * @param onUnexpectedExit run on the listener's thread when polling ends without a stop; must not wait for that
     *                         thread (stopping the context joins it)
     */
    ReplyListener(Map<String, Object> consumerConfig, Topic<String, CompletionResult> topic, int partition,
                  Duration startTimeout, PendingReplies pending, Runnable onUnexpectedExit) {
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.topic = topic;
        this.partition = partition;
        this.startTimeout = startTimeout;
        this.pending = pending;
        this.onUnexpectedExit = onUnexpectedExit;
    }

    @Override
    public void start() {
        Consumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer());
        try {
            TopicPartition replies = new TopicPartition(topic.name(), partition);
            requirePartitionExists(consumer);
            consumer.assign(List.of(replies));
            consumer.seekToEnd(List.of(replies));
            // resolve the end offset now: a result written between start-up and the first poll must not be skipped
            long from = consumer.position(replies, startTimeout);
            assignment = Set.copyOf(consumer.assignment());
            log.info("reading replies from {} partition {} from offset {}", topic.name(), partition, from);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        this.consumer = consumer;
        stopRequested = false;
        running = true;
        thread = Thread.ofPlatform().name("reply-listener-" + partition).daemon(true)
                .start(() -> pollUntilStopped(consumer));
    }

    private void requirePartitionExists(Consumer<String, byte[]> consumer) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic.name(), startTimeout);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not tell within " + startTimeout + " how many partitions topic "
                    + topic.name() + " has; check relay.kafka.bootstrap-servers", e);
        }
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic.name() + " does not exist; create the relay's topics "
                    + "(strimzi/ KafkaTopic resources, or TopicProvisioner for local runs) before starting ingest");
        }
        if (partition >= partitions.size()) {
            throw new IllegalStateException("relay.ingest.reply-partition=" + partition + " but topic " + topic.name()
                    + " has " + partitions.size() + " partitions; give each ingest replica a distinct partition in 0.."
                    + (partitions.size() - 1) + " (e.g. its StatefulSet ordinal)");
        }
    }

    private void pollUntilStopped(Consumer<String, byte[]> consumer) {
        Throwable failure = null;
        try (consumer) {
            while (running) {
                pollOnce(consumer);
            }
        } catch (RuntimeException | Error e) {
            // a WakeupException too: only stop() wakes the consumer, and it sets stopRequested first
            failure = e;
        }
        if (stopRequested) {
            return;
        }
        running = false;
        assignment = Set.of();
        log.error("the reply listener on {} partition {} stopped unexpectedly; without it every request of this "
                + "replica would time out, so the application is closing to be restarted", topic.name(), partition,
                failure);
        onUnexpectedExit.run();
    }

    private void pollOnce(Consumer<String, byte[]> consumer) {
        try {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                deliver(record);
            }
        } catch (WakeupException | InterruptException e) {
            // not poll errors to retry: the wakeup of a stop, or an interrupt, which nothing in the relay sends here
            throw e;
        } catch (KafkaException e) {
            if (!running) {
                return;
            }
            // the client reconnects by itself; anything that reaches here is logged and retried, not fatal,
            // because without this loop every request of this replica would time out
            log.error("polling {} partition {} failed; retrying in {}", topic.name(), partition, BACKOFF_AFTER_ERROR, e);
            pause();
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        CompletionResult result;
        try {
            result = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            undecodable.incrementAndGet();
            log.warn("skipping record at {}-{} offset {}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        if (result == null || !pending.complete(result)) {
            unknown.incrementAndGet();
            log.debug("no request waiting for result {} (timed out, or routed here for another replica)",
                    result == null ? record.key() : result.getRequestId());
        }
    }

    private void pause() {
        try {
            Thread.sleep(BACKOFF_AFTER_ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    @Override
    public void stop() {
        stopRequested = true;
        running = false;
        Thread polling = thread;
        if (polling == null) {
            return;
        }
        consumer.wakeup();
        try {
            polling.join(POLL_TIMEOUT.multipliedBy(4));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assignment = Set.of();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts, after it has drained at shutdown. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024;
    }

    @Override
    public boolean listening() {
        Thread polling = thread;
        return running && polling != null && polling.isAlive();
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public long unknownResults() {
        return unknown.get();
    }

    @Override
    public long undecodableResults() {
        return undecodable.get();
    }

    @Override
    public int pendingRequests() {
        return pending.size();
    }
}
