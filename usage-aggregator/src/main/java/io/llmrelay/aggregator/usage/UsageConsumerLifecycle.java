package io.llmrelay.aggregator.usage;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Hosts the usage poll loop in its own platform thread: started once the context is up (so Flyway
 * has migrated), stopped first on shutdown (before the connection pool and the dead-letter producer
 * close).
 *
 * <p>The loop ends only when {@link #stop()} asks it to. If it ends any other way (an exception it does
 * not handle), the process would stay up without a consumer, storing nothing, so {@code onUnexpectedExit}
 * closes the application instead: the process exits, Kubernetes restarts the pod, and the group hands
 * its partitions to the other members meanwhile.
 */
final class UsageConsumerLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageConsumerLifecycle.class);
    /** A stop waits this long for a batch being stored, then leaves the thread to finish on its own. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<UsageConsumerLoop> loops;
    private final Runnable onUnexpectedExit;
    private UsageConsumerLoop loop;
    private Thread thread;
    private volatile boolean stopping;

    /**
     * @param onUnexpectedExit run on the consumer thread when the loop ends without a stop; must not
     *                         wait for that thread (stopping the context joins it)
     */
    UsageConsumerLifecycle(Supplier<UsageConsumerLoop> loops, Runnable onUnexpectedExit) {
        this.loops = loops;
        this.onUnexpectedExit = onUnexpectedExit;
    }

    @Override
    public synchronized void start() {
        stopping = false;
        UsageConsumerLoop started = loops.get();
        loop = started;
        thread = Thread.ofPlatform().name("usage-consumer").start(() -> consume(started));
    }

    private void consume(UsageConsumerLoop loop) {
        Throwable failure = null;
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (stopping) {
            if (failure != null) {
                log.warn("the usage consumer failed while stopping; its uncommitted batch will be read again", failure);
            }
            return;
        }
        log.error("the usage consumer stopped unexpectedly and this replica stores no usage without it; closing the "
                + "application so that it is restarted and its partitions go to the other members of the group", failure);
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
                log.warn("usage consumer did not stop within {}; its uncommitted batch will be read again", STOP_TIMEOUT);
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
