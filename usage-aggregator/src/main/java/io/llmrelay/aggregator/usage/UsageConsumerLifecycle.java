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
 */
final class UsageConsumerLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageConsumerLifecycle.class);
    /** A stop waits this long for a batch being stored, then leaves the thread to finish on its own. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<UsageConsumerLoop> loops;
    private UsageConsumerLoop loop;
    private Thread thread;

    UsageConsumerLifecycle(Supplier<UsageConsumerLoop> loops) {
        this.loops = loops;
    }

    @Override
    public synchronized void start() {
        loop = loops.get();
        thread = Thread.ofPlatform()
                .name("usage-consumer")
                .uncaughtExceptionHandler((t, e) -> log.error(
                        "the usage consumer stopped on an unexpected error; no usage is being stored until the "
                                + "service is restarted", e))
                .start(loop);
    }

    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
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
