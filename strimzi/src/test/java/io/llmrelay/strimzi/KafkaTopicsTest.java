package io.llmrelay.strimzi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The KafkaTopics against the catalog in {@code schemas}: every topic, nothing else, compatible settings. */
class KafkaTopicsTest {

    static final int REPLICAS = 3;
    static final int MIN_IN_SYNC_REPLICAS = 2;

    private final Manifests manifests = Manifests.load();

    @Test
    void everyCatalogTopicHasAKafkaTopicWithItsSettingsAndThereAreNoOthers() {
        List<String> differences = differences(Topics.all(), manifests.of(KafkaTopic.class));

        assertThat(differences).isEmpty();
    }

    @Test
    void everyKafkaTopicBelongsToTheRelayCluster() {
        String cluster = manifests.of(Kafka.class).getFirst().getMetadata().getName();

        assertThat(manifests.of(KafkaTopic.class))
                .allSatisfy(topic -> assertThat(topic.getMetadata().getLabels())
                        .as("labels of KafkaTopic %s", topic.getMetadata().getName())
                        .containsEntry("strimzi.io/cluster", cluster));
    }

    @Test
    void reportsMissingUnknownAndIncompatibleTopics() {
        List<KafkaTopic> topics = new ArrayList<>(Topics.all().stream().map(KafkaTopicsTest::fromCatalog).toList());
        assertThat(differences(Topics.all(), topics)).as("KafkaTopics written from the catalog").isEmpty();
        topics.removeIf(t -> name(t).equals(Topics.AUDIT.name()));
        topics.replaceAll(t -> name(t).equals(Topics.BUDGET_STATUS.name()) ? new KafkaTopicBuilder(t)
                .editSpec().withPartitions(1).withReplicas(1).addToConfig("cleanup.policy", "delete").endSpec()
                .build() : t);
        topics.add(new KafkaTopicBuilder().withNewMetadata().withName("llm.typo").endMetadata()
                .withNewSpec().withPartitions(1).endSpec().build());

        assertThat(differences(Topics.all(), topics)).containsExactlyInAnyOrder(
                "llm.audit: no KafkaTopic",
                "llm.budget.status: 1 partitions, fewer than the catalog's 6",
                "llm.budget.status: replicas 1, not 3",
                "llm.budget.status: cleanup.policy is delete, the catalog says compact",
                "llm.typo: a KafkaTopic for a topic the catalog does not have");
    }

    private static KafkaTopic fromCatalog(Topic<?, ?> topic) {
        Map<String, Object> config = new java.util.HashMap<>(topic.configs());
        config.put("min.insync.replicas", MIN_IN_SYNC_REPLICAS);
        return new KafkaTopicBuilder().withNewMetadata().withName(topic.name()).endMetadata()
                .withNewSpec().withPartitions(topic.partitions()).withReplicas(REPLICAS).withConfig(config).endSpec()
                .build();
    }

    static List<String> differences(Collection<Topic<?, ?>> catalog, List<KafkaTopic> topics) {
        Map<String, KafkaTopic> byName = topics.stream()
                .collect(Collectors.toMap(KafkaTopicsTest::name, Function.identity()));
        List<String> differences = new ArrayList<>();
        for (Topic<?, ?> topic : catalog) {
            KafkaTopic manifest = byName.remove(topic.name());
            if (manifest == null) {
                differences.add(topic.name() + ": no KafkaTopic");
            } else {
                differences.addAll(compare(topic, manifest));
            }
        }
        byName.keySet().stream().sorted()
                .forEach(name -> differences.add(name + ": a KafkaTopic for a topic the catalog does not have"));
        return differences;
    }

    private static List<String> compare(Topic<?, ?> topic, KafkaTopic manifest) {
        List<String> differences = new ArrayList<>();
        var spec = manifest.getSpec();
        Map<String, Object> config = spec.getConfig() == null ? Map.of() : spec.getConfig();
        // partitions can be raised on a running cluster, never lowered: more than the catalog is fine
        if (spec.getPartitions() == null || spec.getPartitions() < topic.partitions()) {
            differences.add(topic.name() + ": " + spec.getPartitions() + " partitions, fewer than the catalog's "
                    + topic.partitions());
        }
        if (!Objects.equals(spec.getReplicas(), REPLICAS)) {
            differences.add(topic.name() + ": replicas " + spec.getReplicas() + ", not " + REPLICAS);
        }
        // every setting the services rely on (cleanup policy, retention, compaction lag) as the catalog says
        topic.configs().forEach((key, expected) -> {
            Object actual = config.get(key);
            if (!expected.equals(String.valueOf(actual))) {
                differences.add(topic.name() + ": " + key + " is " + actual + ", the catalog says " + expected);
            }
        });
        if (!String.valueOf(MIN_IN_SYNC_REPLICAS).equals(String.valueOf(config.get("min.insync.replicas")))) {
            differences.add(topic.name() + ": min.insync.replicas is " + config.get("min.insync.replicas")
                    + ", not " + MIN_IN_SYNC_REPLICAS);
        }
        return differences;
    }

    /** The Kafka topic name: spec.topicName when set, else the resource name. */
    static String name(KafkaTopic topic) {
        String topicName = topic.getSpec() == null ? null : topic.getSpec().getTopicName();
        return topicName != null ? topicName : topic.getMetadata().getName();
    }

    static int partitions(Manifests manifests, Topic<?, ?> topic) {
        return manifests.of(KafkaTopic.class).stream().filter(t -> name(t).equals(topic.name()))
                .map(t -> t.getSpec().getPartitions()).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaTopic for " + topic.name()));
    }
}
