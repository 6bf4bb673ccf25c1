package io.llmrelay.worker.credentials;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change listeners of one source, told on a thread of their own, in order. Never on the thread that noticed
 * the change: that may be a provider call holding a supplier's lock while it re-reads the source, and a listener
 * taking another supplier's lock from there could deadlock with a second such call. A listener that throws is
 * logged and does not stop the others.
 */
final class SourceListeners implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceListeners.class);

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Executor notifier;

    SourceListeners() {
        this(Executors.newSingleThreadExecutor(Thread.ofVirtual().name("credential-source-changes").factory()));
    }

    /** @param notifier runs the notifications one after the other; tests pass {@code Runnable::run} */
    SourceListeners(Executor notifier) {
        this.notifier = notifier;
    }

    void add(Runnable listener) {
        listeners.add(listener);
    }

    void changed(String source) {
        try {
            notifier.execute(() -> notifyAll(source));
        } catch (RejectedExecutionException e) {
            log.debug("credential source {} changed while closing; listeners not told", source);
        }
    }

    private void notifyAll(String source) {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.error("a listener of credential source {} failed on a change", source, e);
            }
        }
    }

    @Override
    public void close() {
        if (notifier instanceof ExecutorService executor) {
            executor.shutdownNow();
        }
    }
}
