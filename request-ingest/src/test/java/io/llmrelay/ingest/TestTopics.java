package io.llmrelay.ingest;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;

import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.testkit.SharedInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The relay's topics under a prefix of their own ("it-" + 8 hex digits + "."), on the shared test broker. */
record TestTopics(String bootstrapServers, String prefix) {

    /** A fresh prefix with every topic of the catalog created. */
    static TestTopics create() {
        return unprovisioned().provision(Topics.all());
    }

    /** A fresh prefix under which no topic exists yet. */
    static TestTopics unprovisioned() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return new TestTopics(SharedInfra.kafka().bootstrapServers(), "it-" + HexFormat.of().formatHex(random) + ".");
    }

    TestTopics provision(Collection<? extends Topic<?, ?>> catalogTopics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicProvisioner.ensure(admin, catalogTopics.stream().<Topic<?, ?>>map(t -> t.withPrefix(prefix)).toList(),
                    SharedInfra.kafka().replicationFactor());
        }
        return this;
    }

    <K, V> Topic<K, V> of(Topic<K, V> topic) {
        return topic.withPrefix(prefix);
    }
}
