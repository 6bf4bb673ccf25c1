package io.llmrelay.schemas.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.llmrelay.schemas.topic.Topic;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest value per key of a compacted topic, kept in memory: every replica needs every record, so the topic is
 * read without a consumer group (all partitions assigned, from the beginning, nothing committed) on a daemon thread
 * of its own. A tombstone removes its key. Reading goes on in the background, also while the topic does not exist
 * yet or the cluster is away (it is read again from the beginning after a failure, which converges on the same
 * table). {@link #startAll} starts several with one bounded wait for what is already on their topics.
 *
 * <p>Shared so that every compacted table a service follows ({@code llm.budget.status} in the workers and the
 * ingest, {@code llm.budgets}, {@code llm.provider.health}) reads the same way; {@code onChange} lets a caller react
 * to each record as well. No Spring here: each service ties the views to its own lifecycle.
 *
 * @param <V> the topic's value type; keys are strings
 */
public final class CompactedTopicView<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicView.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> config;
    private final Topic<String, V> topic;
    private final BiConsumer<String, V> onChange;
    private final Map<String, V> latest = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    /** Counted down by {@link #close}, so that a pause between attempts ends at once. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean stopped;
    private volatile boolean topicFound;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param config      consumer configs without a group ({@link #consumerConfig}); byte-array deserializers, the
     *                    topic's serdes decode
     * @param onChange    called on the reading thread after each applied record, with the value or {@code null} for
     *                    a tombstone; must not block
     */
    public CompactedTopicView(Map<String, Object> config, Topic<String, V> topic, BiConsumer<String, V> onChange) {
        this.config = Map.copyOf(config);
        this.topic = topic;
        this.onChange = onChange;
        this.thread = Thread.ofPlatform().name("view-" + topic.name()).daemon(true).unstarted(this::run);
    }

    public CompactedTopicView(Map<String, Object> config, Topic<String, V> topic) {
        this(config, topic, (key, value) -> { });
    }

    /**
     * A consumer without a group: every reader gets every partition from the beginning and commits nothing. The
     * operator's client properties (TLS, SASL) apply; group settings among them are dropped.
     *
     * @param clientProperties the service's further Kafka client configs, e.g. {@code security.protocol}
     * @param clientId         names the reader, e.g. {@code provider-worker-w1-budget-status}
     */
    public static Map<String, Object> consumerConfig(Map<String, ?> clientProperties, String bootstrapServers,
                                                     String clientId) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // a compacted topic created by a reader would be created without compaction
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /**
     * Starts every view and waits once, at most {@code wait} for all of them together, for the records already on
     * their topics: a service should not take requests before it knows its tables, but a slow or absent cluster must
     * not keep it from starting. A view not caught up by then is logged and goes on reading in the background.
     *
     * @return whether every view was caught up within {@code wait}
     */
    public static boolean startAll(List<? extends CompactedTopicView<?>> views, Duration wait)
            throws InterruptedException {
        views.forEach(CompactedTopicView::start);
        long deadline = System.nanoTime() + wait.toNanos();
        boolean all = true;
        for (CompactedTopicView<?> view : views) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!view.awaitCaughtUp(left)) {
                all = false;
                log.warn("{} not read to its end within {}: starting with the {} keys read so far; the rest are"
                        + " applied as they are read", view.topic().name(), wait, view.latest.size());
            }
        }
        return all;
    }

    /** The latest value of {@code key}; empty if none was read or its last record was a tombstone. */
    public Optional<V> get(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    /** A copy of the table as read so far. */
    public Map<String, V> snapshot() {
        return Map.copyOf(latest);
    }

    /** Whether the records present when reading began have all been read. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /**
     * Whether the topic was found (its partitions assigned) at least once. A view of a topic that does not exist yet
     * is {@link #caughtUp() caught up} with nothing; this tells the two apart.
     */
    public boolean topicFound() {
        return topicFound;
    }

    public Topic<String, V> topic() {
        return topic;
    }

    /** Starts reading on the view's own thread and returns at once; a closed view is not started again. */
    public synchronized void start() {
        if (running || stopped) {
            return;
        }
        running = true;
        thread.start();
    }

    /**
     * Waits for the records present when reading began (none when the topic does not exist).
     *
     * @return whether they are read; false after {@code wait}
     */
    public boolean awaitCaughtUp(Duration wait) throws InterruptedException {
        return caughtUp.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void close() {
        running = false;
        stopped = true;
        closing.countDown();
        KafkaConsumer<byte[], byte[]> reader = consumer;
        if (reader != null) {
            reader.wakeup();
        }
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                // blocked in a call that wakeup() does not end
                thread.interrupt();
                thread.join(CLOSE_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(config)) {
                consumer = reader;
                if (!running) {
                    return;
                }
                read(reader);
            } catch (WakeupException stopping) {
                return;
            } catch (KafkaException | IllegalStateException e) {
                log.warn("reading {} failed ({}); reading it again from the beginning in {}", topic.name(),
                        e.toString(), RETRY);
                pause();
            }
        }
    }

    /**
     * Reads from the beginning. The table is not cleared first (a re-read after a failure would otherwise forget
     * blocked subjects for a while); instead, once the re-read reaches the end offsets of its start, the keys it did
     * not see are dropped: their tombstones were compacted away while this view was not reading.
     */
    private void read(KafkaConsumer<byte[], byte[]> reader) {
        List<TopicPartition> partitions = partitions(reader);
        if (partitions.isEmpty()) {
            return;
        }
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = reader.endOffsets(partitions);
        topicFound = true;
        Set<String> seen = new HashSet<>();
        boolean atEnd = false;
        while (running) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                String key = apply(record);
                if (!atEnd && key != null) {
                    seen.add(key);
                }
            }
            if (!atEnd && end.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue())) {
                atEnd = true;
                forgetAllBut(seen);
                seen = Set.of();
                log.info("read {} to its end: {} keys", topic.name(), latest.size());
                caughtUp.countDown();
            }
        }
    }

    private void forgetAllBut(Set<String> seen) {
        for (String key : Set.copyOf(latest.keySet())) {
            if (!seen.contains(key) && latest.remove(key) != null) {
                changed(key, null);
            }
        }
    }

    /**
     * Waits for the topic to exist; an empty list when stopping. A topic that does not exist holds nothing to wait
     * for: the view counts as caught up (empty) and takes the records once the topic is created.
     */
    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> reader) {
        boolean warned = false;
        while (running) {
            List<PartitionInfo> infos = reader.partitionsFor(topic.name());
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            }
            if (!warned) {
                log.warn("topic {} not found; reading it once it exists (looking every {})", topic.name(), RETRY);
                warned = true;
            }
            caughtUp.countDown();
            pause();
        }
        return List.of();
    }

    /** @return the record's key; null if the record could not be decoded */
    private String apply(ConsumerRecord<byte[], byte[]> record) {
        String key;
        V value;
        try {
            key = record.key() == null ? null
                    : topic.keySerde().deserializer().deserialize(record.topic(), record.key());
            value = record.value() == null ? null
                    : topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            log.warn("ignored an undecodable record of {} at partition {} offset {}: {}", record.topic(),
                    record.partition(), record.offset(), e.toString());
            return null;
        }
        if (key == null) {
            log.warn("ignored a record without a key in {} at partition {} offset {}", record.topic(),
                    record.partition(), record.offset());
            return null;
        }
        if (value == null) {
            latest.remove(key);
        } else {
            latest.put(key, value);
        }
        changed(key, value);
        return key;
    }

    private void changed(String key, V value) {
        try {
            onChange.accept(key, value);
        } catch (RuntimeException e) {
            log.error("could not apply the record of {} for key '{}'", topic.name(), key, e);
        }
    }

    private void pause() {
        try {
            closing.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }
}
