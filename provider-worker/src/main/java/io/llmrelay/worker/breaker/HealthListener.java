package io.llmrelay.worker.breaker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.kafka.CompactedTopicView;
import io.llmrelay.schemas.topic.Topic;

/**
 * Reads {@code llm.provider.health} with the shared {@link CompactedTopicView} (from the beginning, without a consumer
 * group: every worker needs every record) and hands each state to the breakers. {@link #start} waits a bounded time
 * for the records already on the topic, so that a worker starting while a target is open starts with it open; if the
 * topic cannot be read that fast, the worker starts anyway and catches up in the background. Until the topic exists
 * the breakers work per worker.
 */
final class HealthListener implements AutoCloseable {

    private final CompactedTopicView<ProviderHealth> view;

    /**
     * @param config consumer configs without a group ({@link BreakerConfiguration#healthConsumer}); byte-array
     *               deserializers, the topic's serdes decode
     */
    HealthListener(Map<String, Object> config, Topic<String, ProviderHealth> topic, Consumer<ProviderHealth> apply) {
        // a tombstone (or a target dropped on a re-read) carries no state: the breaker keeps what it has
        this.view = new CompactedTopicView<>(config, topic, (target, health) -> {
            if (health != null) {
                apply.accept(health);
            }
        });
    }

    /**
     * Starts reading; returns once the records present at start are applied, or after {@code wait}.
     *
     * @return whether peers' states were read: false after {@code wait}, and while the topic does not exist yet
     */
    boolean start(Duration wait) throws InterruptedException {
        return CompactedTopicView.startAll(List.of(view), wait) && view.topicFound();
    }

    @Override
    public void close() {
        view.close();
    }
}
