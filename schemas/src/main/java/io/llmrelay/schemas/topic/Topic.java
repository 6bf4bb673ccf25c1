package io.llmrelay.schemas.topic;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic of the relay: its name, how keys and values are encoded, and how it is created.
 * Instances live in {@link Topics}; no topic name appears anywhere else.
 *
 * @param partitions default partition count; deployments may raise it (see {@code strimzi/})
 * @param configs    topic configs that the services rely on (cleanup policy, retention)
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
                          Map<String, String> configs) {

    public Topic {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be positive, was " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    /**
     * The same topic under a name prefix, e.g. {@code it-1a2b.llm.requests}. Tests give each run its own
     * prefix on a shared broker; a shared cluster can host several relays. An empty prefix returns this.
     */
    public Topic<K, V> withPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return this;
        }
        return new Topic<>(prefix + name, keySerde, valueSerde, partitions, configs);
    }

    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }

    public boolean compacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }
}
