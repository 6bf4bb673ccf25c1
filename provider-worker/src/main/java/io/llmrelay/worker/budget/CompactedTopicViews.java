package io.llmrelay.worker.budget;

import java.time.Duration;
import java.util.List;

import io.llmrelay.schemas.kafka.CompactedTopicView;
import org.springframework.context.SmartLifecycle;

/**
 * Starts {@link CompactedTopicView}s with the Spring context, before the request consumer (an earlier phase), and
 * waits once, at most {@code startupWait} for all of them together, for the records already on their topics
 * ({@link CompactedTopicView#startAll}): a worker should not take requests before it knows who is blocked, but a slow
 * or absent cluster must not keep it from starting. Stopped with the context.
 */
public final class CompactedTopicViews implements SmartLifecycle {

    private final List<CompactedTopicView<?>> views;
    private final Duration startupWait;
    private volatile boolean running;

    public CompactedTopicViews(List<CompactedTopicView<?>> views, Duration startupWait) {
        this.views = List.copyOf(views);
        this.startupWait = startupWait;
    }

    @Override
    public void start() {
        try {
            CompactedTopicView.startAll(views, startupWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = true;
    }

    @Override
    public void stop() {
        views.forEach(CompactedTopicView::close);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the default phase, where the request consumer starts. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1000;
    }
}
