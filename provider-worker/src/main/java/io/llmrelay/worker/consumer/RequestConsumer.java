package io.llmrelay.worker.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes request records from Kafka and hands each to the {@link RecordHandler} on its own virtual thread,
 * so concurrency is bounded by {@code maxInFlight}, not by partitions or threads. One platform thread owns
 * the {@link Consumer}: it polls, dispatches, applies completions, and commits, at most every
 * {@code commitInterval}, only offsets below the oldest unanswered record of each partition.
 *
 * <p>Back-pressure: when another full poll could exceed {@code maxInFlight}, every assigned partition is
 * paused and the thread goes on polling (which keeps the group membership) until enough records finished.
 *
 * <p>A graceful stop pauses everything, waits up to {@code shutdownTimeout} for the records in flight,
 * commits, and leaves the group; a killed worker commits nothing more, and its unanswered records are
 * redelivered to the workers that take over its partitions. A record the handler could not finish at all
 * (neither answered nor dead-lettered) stops the worker through {@code onFatalError}, as a failure of the
 * poll thread does: the restart redelivers it.
 */
final class RequestConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RequestConsumer.class);
    /** How often a revocation looks again for the revoked partitions' running records. */
    private static final Duration REVOKE_POLL = Duration.ofMillis(20);
    /** The longest a revocation waits for them: the shutdown timeout, at most 10 s. */
    private static final Duration MAX_REVOKE_WAIT = Duration.ofSeconds(10);

    /** Short, so completions are noticed and commits made promptly while partitions are paused. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);

    private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
    private final String topic;
    private final RecordHandler handler;
    private final ConsumerSettings settings;
    private final Clock clock;
    private final Runnable onFatalError;
    private final InFlightRecords inFlight = new InFlightRecords();
    private final OffsetCommits commits;
    private final String name;
    private final ExecutorService handlers;

    private final AtomicBoolean failed = new AtomicBoolean();

    private volatile boolean stopRequested;
    private volatile Thread pollThread;

    /**
     * @param maxInFlight     records taken and not yet answered, at most
     * @param maxPollRecords  what one poll may return (the consumer's {@code max.poll.records})
     */
    record ConsumerSettings(int maxInFlight, int maxPollRecords, Duration commitInterval, Duration shutdownTimeout) {
    }

    RequestConsumer(Supplier<Consumer<byte[], byte[]>> consumerFactory, String topic, RecordHandler handler,
                    ConsumerSettings settings, Clock clock, Runnable onFatalError) {
        this("request", consumerFactory, topic, handler, settings, clock, onFatalError);
    }

    /** @param name prefix of this consumer's thread names: {@code <name>-poll}, {@code <name>-0}... */
    RequestConsumer(String name, Supplier<Consumer<byte[], byte[]>> consumerFactory, String topic,
                    RecordHandler handler, ConsumerSettings settings, Clock clock, Runnable onFatalError) {
        this.name = name;
        this.handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
        this.consumerFactory = consumerFactory;
        this.topic = topic;
        this.handler = handler;
        this.settings = settings;
        this.clock = clock;
        this.onFatalError = onFatalError;
        this.commits = new OffsetCommits(inFlight, settings.commitInterval(), clock);
    }

    /** Creates the consumer here, on the starting thread, so that a bad client configuration fails start-up. */
    @Override
    public void start() {
        Consumer<byte[], byte[]> consumer = consumerFactory.get();
        pollThread = Thread.ofPlatform().name(name + "-poll").start(() -> run(consumer));
    }

    @Override
    public void stop() {
        stopRequested = true;
        Thread thread = pollThread;
        if (thread == null) {
            return;
        }
        try {
            thread.join(settings.shutdownTimeout().plusSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Duration revokeWait() {
        return settings.shutdownTimeout().compareTo(MAX_REVOKE_WAIT) < 0 ? settings.shutdownTimeout() : MAX_REVOKE_WAIT;
    }

    /** Records taken and not yet answered; read from any thread (a metrics scrape). */
    int inFlight() {
        return inFlight.count();
    }

    @Override
    public boolean isRunning() {
        Thread thread = pollThread;
        return thread != null && thread.isAlive();
    }

    private void run(Consumer<byte[], byte[]> owned) {
        try (Consumer<byte[], byte[]> consumer = owned) {
            consumer.subscribe(List.of(topic), new Rebalance(consumer));
            log.info("consuming {} with at most {} requests in flight", topic, settings.maxInFlight());
            while (!stopRequested) {
                pollOnce(consumer);
            }
            drain(consumer);
        } catch (RuntimeException | Error e) {
            fail("the request consumer failed; stopping the worker so that it is restarted", e);
        } finally {
            handlers.shutdownNow();
        }
    }

    private void pollOnce(Consumer<byte[], byte[]> consumer) {
        inFlight.applyCompletions();
        applyBackPressure(consumer);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
            dispatch(record);
        }
        inFlight.applyCompletions();
        commits.commitIfDue(consumer);
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        PartitionProgress progress = inFlight.taken(record);
        handlers.execute(() -> {
            try {
                handler.handle(record);
                inFlight.answered(progress, record.offset());
            } catch (InterruptedException e) {
                inFlight.abandoned(progress, record.offset());
            } catch (RuntimeException | Error e) {
                inFlight.abandoned(progress, record.offset());
                // its partition cannot commit past it, and the records taken after it would pile up in its
                // progress for as long as the worker runs: a restart is what gets it redelivered
                fail("record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                        + " could be neither answered nor sent to the dead-letter topic (" + e + "); stopping the"
                        + " worker so that it restarts and the record is redelivered", e);
            }
        });
    }

    /** Stops the worker, once, unless it is stopping already. */
    private void fail(String why, Throwable cause) {
        log.error(why, cause);
        if (!stopRequested && failed.compareAndSet(false, true)) {
            onFatalError.run();
        }
    }

    /** Paused exactly when the next full poll could take the records in flight past the limit. */
    private boolean full() {
        return stopRequested || inFlight.count() > settings.maxInFlight() - settings.maxPollRecords();
    }

    private void applyBackPressure(Consumer<byte[], byte[]> consumer) {
        if (full()) {
            if (consumer.paused().size() < consumer.assignment().size()) {
                consumer.pause(consumer.assignment());
            }
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private void drain(Consumer<byte[], byte[]> consumer) {
        Instant giveUpAt = clock.instant().plus(settings.shutdownTimeout());
        log.info("stopping: waiting up to {} for {} requests in flight", settings.shutdownTimeout(), inFlight.count());
        while (inFlight.count() > 0 && clock.instant().isBefore(giveUpAt)) {
            pollOnce(consumer);
        }
        inFlight.applyCompletions();
        commits.commitNow(consumer, consumer.assignment());
        if (inFlight.count() > 0) {
            log.warn("stopped with {} requests unanswered; they are redelivered to another worker", inFlight.count());
        }
    }

    /** Runs inside {@code poll()} on the poll thread. */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final Consumer<byte[], byte[]> consumer;

        Rebalance(Consumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            inFlight.assigned(partitions);
            if (full()) {
                consumer.pause(partitions);
            }
            log.info("assigned {}", partitions);
        }

        /**
         * Waits a while for the records of the revoked partitions that are still running, then commits what is
         * answered. The group gives the partitions to another worker only once this returns, so waiting here is
         * what keeps a rebalance from handing a request to a second worker while the first is still calling the
         * provider (two results, two bills). Records still running after the wait finish later and are answered all
         * the same; the new owner then handles them again.
         */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            long until = System.nanoTime() + revokeWait().toNanos();
            inFlight.applyCompletions();
            while (inFlight.pendingIn(partitions) > 0 && System.nanoTime() < until) {
                try {
                    Thread.sleep(REVOKE_POLL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                inFlight.applyCompletions();
            }
            int unfinished = inFlight.pendingIn(partitions);
            if (unfinished > 0) {
                log.warn("{} records of revoked partitions {} are still running after {} ms; their new owner will"
                        + " handle them again", unfinished, partitions, revokeWait().toMillis());
            }
            commits.commitNow(consumer, partitions);
            inFlight.forget(partitions);
            log.info("revoked {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            inFlight.forget(partitions);
            log.warn("lost {} without committing; their unfinished records go to other workers", partitions);
        }
    }
}
