package io.llmrelay.aggregator.usage;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Hosts a {@link BatchConsumerLoop} in its own platform thread: started once the context is up (so Flyway
 * has migrated), stopped first on shutdown (before the connection pool and the dead-letter producer
 * close).
 *
 * <p>The loop ends only when {@link #stop()} asks it to. If it ends any other way (an exception it does
 * not handle), the process would stay up without a consumer, storing nothing, so {@code onUnexpectedExit}
 * closes the application instead: the process exits, Kubernetes restarts the pod, and the group hands
 * its partitions to the other members meanwhile.
 */
public final class ConsumerLoopLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLoopLifecycle.class);
    /** A stop waits this long for a batch being stored, then leaves the thread to finish on its own. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Supplier<BatchConsumerLoop> loops;
    private final Runnable onUnexpectedExit;
    private BatchConsumerLoop loop;
    private Thread thread;
    private volatile boolean stopping;

    /**
     * @param name             what is consumed ("usage", "audit"): names the thread and the log lines
     * @param onUnexpectedExit run on the consumer thread when the loop ends without a stop; must not
     *                         wait for that thread (stopping the context joins it)
     */
    public ConsumerLoopLifecycle(String name, Supplier<BatchConsumerLoop> loops, Runnable onUnexpectedExit) {
        this.name = name;
        this.loops = loops;
        this.onUnexpectedExit = onUnexpectedExit;
    }

    @Override
    public synchronized void start() {
        stopping = false;
        BatchConsumerLoop started = loops.get();
        loop = started;
        thread = Thread.ofPlatform().name(name + "-consumer").start(() -> consume(started));
    }

    private void consume(BatchConsumerLoop loop) {
        Throwable failure = null;
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (stopping) {
            if (failure != null) {
                log.warn("the {} consumer failed while stopping; its uncommitted batch will be read again", name,
                        failure);
            }
            return;
        }
        log.error("the {} consumer stopped unexpectedly and this replica stores no {} records without it; closing "
                + "the application so that it is restarted and its partitions go to the other members of the group",
                name, name, failure);
        onUnexpectedExit.run();
    }

    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        stopping = true;
        loop.stop();
        try {
            if (!thread.join(STOP_TIMEOUT)) {
                log.warn("{} consumer did not stop within {}; its uncommitted batch will be read again", name,
                        STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }
}
