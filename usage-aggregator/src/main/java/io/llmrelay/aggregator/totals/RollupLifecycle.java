package io.llmrelay.aggregator.totals;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the roll-up writer on its own platform thread. If the loop ends without being asked to, the database would
 * silently stop receiving totals, so {@code onUnexpectedExit} closes the application (Kubernetes restarts it).
 */
final class RollupLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RollupLifecycle.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<RollupConsumerLoop> loops;
    private final Runnable onUnexpectedExit;
    private RollupConsumerLoop loop;
    private Thread thread;
    private volatile boolean stopping;

    RollupLifecycle(Supplier<RollupConsumerLoop> loops, Runnable onUnexpectedExit) {
        this.loops = loops;
        this.onUnexpectedExit = onUnexpectedExit;
    }

    @Override
    public synchronized void start() {
        stopping = false;
        RollupConsumerLoop started = loops.get();
        loop = started;
        thread = Thread.ofPlatform().name("rollup-writer").start(() -> run(started));
    }

    private void run(RollupConsumerLoop loop) {
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            if (!stopping) {
                log.error("the roll-up writer failed and totals no longer reach PostgreSQL; closing the application so "
                        + "that it is restarted", e);
                onUnexpectedExit.run();
            }
            return;
        }
        if (!stopping) {
            onUnexpectedExit.run();
        }
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
                log.warn("roll-up writer did not stop within {}; its uncommitted batch will be written again", STOP_TIMEOUT);
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
