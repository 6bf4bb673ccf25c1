package io.llmrelay.strimzi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Every YAML document under the manifests folder, parsed twice: as plain YAML (the raw map, for kinds no model
 * class knows, e.g. KEDA's) and as a fabric8 / Strimzi model object. A file that is not valid YAML, has a duplicate
 * key, or a document without apiVersion and kind makes {@link #load} throw, naming the file.
 */
record Manifests(Path root, List<Manifest> all) {

    /** The folder the tests read; the surefire configuration sets it, a broken copy can be passed instead. */
    static final Path ROOT = Path.of(System.getProperty("manifests.dir", "manifests"));

    static final String STRIMZI_V1 = "kafka.strimzi.io/v1";

    private static final KubernetesSerialization SERIALIZATION = serialization();
    private static final ObjectReader YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build()
            .readerFor(new TypeReference<Map<String, Object>>() {
            });

    private static Manifests loaded;

    /** One YAML document: where it is, what it says, and what it parsed to. */
    record Manifest(Path file, int document, Map<String, Object> raw, KubernetesResource resource) {

        String kind() {
            return String.valueOf(raw.get("kind"));
        }

        String apiVersion() {
            return String.valueOf(raw.get("apiVersion"));
        }

        String name() {
            return resource instanceof HasMetadata hasMetadata && hasMetadata.getMetadata() != null
                    ? hasMetadata.getMetadata().getName() : null;
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + file.getFileName() + ", document " + document + ")";
        }
    }

    /** The manifests under {@link #ROOT}, parsed once per test run. */
    static synchronized Manifests load() {
        if (loaded == null) {
            loaded = load(ROOT);
        }
        return loaded;
    }

    static Manifests load(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("no manifests folder at " + root.toAbsolutePath());
        }
        List<Manifest> all = new ArrayList<>();
        for (Path file : yamlFiles(root)) {
            all.addAll(parse(file, read(file)));
        }
        return new Manifests(root, List.copyOf(all));
    }

    static List<Path> yamlFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The documents of one file; empty documents (only comments) are skipped. */
    static List<Manifest> parse(Path file, String text) {
        List<Manifest> documents = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> iterator = YAML.readValues(text)) {
            int index = 0;
            while (iterator.hasNextValue()) {
                Map<String, Object> raw = iterator.nextValue();
                index++;
                if (raw == null || raw.isEmpty()) {
                    continue;
                }
                documents.add(new Manifest(file, index, raw, toModel(file, index, raw)));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a valid manifest: " + e.getMessage(), e);
        }
        return documents;
    }

    private static KubernetesResource toModel(Path file, int index, Map<String, Object> raw) {
        if (!(raw.get("apiVersion") instanceof String) || !(raw.get("kind") instanceof String)) {
            throw new IllegalArgumentException(file + ", document " + index + ": apiVersion and kind are required");
        }
        return SERIALIZATION.convertValue(raw, KubernetesResource.class);
    }

    private static KubernetesSerialization serialization() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        // Strimzi's model classes have no service-loader entry, so they are registered here, for the v1 API only:
        // a document still on the deprecated v1beta2 stays generic and ManifestsTest reports it. One class serves
        // every API version; in 0.49.1 Kafka and KafkaNodePool are annotated v1beta2, KafkaTopic and KafkaUser v1.
        serialization.registerKubernetesResource(STRIMZI_V1, "Kafka", Kafka.class);
        serialization.registerKubernetesResource(STRIMZI_V1, "KafkaNodePool", KafkaNodePool.class);
        serialization.registerKubernetesResource(STRIMZI_V1, "KafkaTopic", KafkaTopic.class);
        serialization.registerKubernetesResource(STRIMZI_V1, "KafkaUser", KafkaUser.class);
        return serialization;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every document that parsed to {@code type}. */
    <T> List<T> of(Class<T> type) {
        return all.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
    }

    /** The raw documents of a kind no model class knows (KEDA, Prometheus Operator). */
    List<GenericKubernetesResource> generic(String apiVersion, String kind) {
        return of(GenericKubernetesResource.class).stream()
                .filter(r -> apiVersion.equals(r.getApiVersion()) && kind.equals(r.getKind()))
                .toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return of(type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T require(Class<T> type, String name) {
        return named(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " named " + name + " under " + root));
    }
}
