package io.llmrelay.strimzi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.llmrelay.strimzi.Manifests.Manifest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestsTest {

    /** Kinds that have no model class here and are checked as plain maps. */
    private static final Set<String> GENERIC_KINDS = Set.of(
            "keda.sh/v1alpha1 ScaledObject", "keda.sh/v1alpha1 TriggerAuthentication",
            "monitoring.coreos.com/v1 PodMonitor", "monitoring.coreos.com/v1 PrometheusRule");

    private final Manifests manifests = Manifests.load();

    @Test
    void everyYamlFileUnderTheManifestsFolderParses() {
        List<Path> files = Manifests.yamlFiles(manifests.root());

        assertThat(files).as("YAML files under %s", manifests.root()).isNotEmpty();
        assertThat(manifests.all().stream().map(Manifest::file).distinct())
                .as("files with at least one document").containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void brokenYamlFailsNamingTheFile() {
        Path file = Path.of("broken.yaml");

        assertThatThrownBy(() -> Manifests.parse(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: [name: x\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken.yaml");
        assertThatThrownBy(() -> Manifests.parse(file, "apiVersion: v1\nkind: ConfigMap\nkind: Secret\n"))
                .as("duplicate keys: YAML keeps the last one silently").hasMessageContaining("kind");
        assertThatThrownBy(() -> Manifests.parse(file, "metadata:\n  name: x\n"))
                .hasMessageContaining("apiVersion and kind are required");
    }

    @Test
    void multiDocumentFilesYieldEveryDocument() {
        List<Manifest> documents = Manifests.parse(Path.of("two.yaml"), """
                # a comment-only document is skipped
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: a}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: b}
                """);

        assertThat(documents).extracting(Manifest::resource)
                .hasExactlyElementsOfTypes(Namespace.class, Deployment.class);
    }

    @Test
    void everyDocumentParsesToItsModelClassExceptTheKnownCustomKinds() {
        List<String> untyped = manifests.all().stream()
                .filter(m -> m.resource() instanceof GenericKubernetesResource)
                .map(m -> m.apiVersion() + " " + m.kind())
                .filter(kind -> !GENERIC_KINDS.contains(kind))
                .toList();

        // e.g. kafka.strimzi.io/v1beta2 or a misspelt kind would land here instead of in a Strimzi class
        assertThat(untyped).as("documents no model class recognised").isEmpty();
    }

    @Test
    void noDocumentHasFieldsItsModelDoesNotKnow() {
        List<String> unknown = new ArrayList<>();
        for (Manifest manifest : manifests.all()) {
            UnknownFields.in(manifest.resource()).forEach(place -> unknown.add(manifest + " " + place));
        }

        assertThat(unknown).isEmpty();
    }

    @Test
    void unknownFieldsAreFound() {
        Manifest misspelt = Manifests.parse(Path.of("misspelt.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: c
                      readinesProbe: {}
                """).getFirst();

        assertThat(UnknownFields.in(misspelt.resource())).containsExactly(".spec.containers[0]: [readinesProbe]");
    }

    @Test
    void unknownFieldsInStrimziResourcesAreFound() {
        Manifest kafka = Manifests.parse(Path.of("kafka.yaml"), """
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka:
                    listeners:
                      - {name: tls, port: 9093, type: internal, tls: true, authentication: {type: tls, sasl: true}}
                  entityOperator:
                    topicOperatr: {}
                """).getFirst();

        assertThat(UnknownFields.in(kafka.resource())).containsExactlyInAnyOrder(
                ".spec.entityOperator: [topicOperatr]",
                ".spec.kafka.listeners[0].auth: [sasl]");
    }

    @Test
    void everyResourceIsNamedOnceAndLivesInTheRelayNamespace() {
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Manifest manifest : manifests.all()) {
            HasMetadata resource = (HasMetadata) manifest.resource();
            String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
            if (name == null || name.isBlank()) {
                problems.add(manifest + ": no metadata.name");
                continue;
            }
            if (!seen.add(manifest.apiVersion() + "/" + manifest.kind() + "/" + name)) {
                problems.add(manifest + ": declared twice");
            }
            if (!(resource instanceof Namespace) && !"llm-relay".equals(resource.getMetadata().getNamespace())) {
                problems.add(manifest + ": namespace is " + resource.getMetadata().getNamespace() + ", not llm-relay");
            }
        }

        assertThat(problems).isEmpty();
        assertThat(manifests.named(Namespace.class, "llm-relay")).as("the Namespace itself").isPresent();
    }
}
