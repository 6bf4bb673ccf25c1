package io.llmrelay.strimzi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** A Deployment or StatefulSet, seen through what the checks need: its pods. */
record Workload(String kind, String name, Integer replicas, LabelSelector selector, Map<String, String> podLabels,
                PodSpec pod) {

    static List<Workload> in(Manifests manifests) {
        Stream<Workload> deployments = manifests.of(Deployment.class).stream().map(d -> new Workload("Deployment",
                d.getMetadata().getName(), d.getSpec().getReplicas(), d.getSpec().getSelector(),
                labels(d.getSpec().getTemplate().getMetadata().getLabels()), d.getSpec().getTemplate().getSpec()));
        Stream<Workload> statefulSets = manifests.of(StatefulSet.class).stream().map(s -> new Workload("StatefulSet",
                s.getMetadata().getName(), s.getSpec().getReplicas(), s.getSpec().getSelector(),
                labels(s.getSpec().getTemplate().getMetadata().getLabels()), s.getSpec().getTemplate().getSpec()));
        return Stream.concat(deployments, statefulSets).toList();
    }

    static Workload named(Manifests manifests, String name) {
        return in(manifests).stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment or StatefulSet named " + name));
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    /** The container that runs the service: the one named like the workload. */
    Container main() {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this + " has no container named " + name));
    }

    /**
     * Where each environment variable of {@code container} comes from, envFrom ConfigMaps resolved against the
     * manifests. Later sources win, as in Kubernetes: envFrom in order, then env.
     */
    static Map<String, EnvSource> environment(Container container, Manifests manifests) {
        Map<String, EnvSource> environment = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() == null) {
                throw new AssertionError(container.getName() + ": envFrom other than a ConfigMap: " + from);
            }
            String configMap = from.getConfigMapRef().getName();
            ConfigMap map = manifests.named(ConfigMap.class, configMap).orElseThrow(() -> new AssertionError(
                    container.getName() + " takes its environment from ConfigMap " + configMap + ", which no manifest declares"));
            map.getData().forEach((key, value) -> environment.put(key, new EnvSource.Literal(value, configMap)));
        }
        for (EnvVar variable : container.getEnv()) {
            environment.put(variable.getName(), EnvSource.of(variable));
        }
        return environment;
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }

    /** Where an environment variable's value comes from. */
    sealed interface EnvSource {

        static EnvSource of(EnvVar variable) {
            if (variable.getValueFrom() == null) {
                return new Literal(variable.getValue(), null);
            }
            var from = variable.getValueFrom();
            if (from.getSecretKeyRef() != null) {
                return new SecretKey(from.getSecretKeyRef().getName(), from.getSecretKeyRef().getKey(),
                        Boolean.TRUE.equals(from.getSecretKeyRef().getOptional()));
            }
            if (from.getFieldRef() != null) {
                return new Field(from.getFieldRef().getFieldPath());
            }
            return new Other(from.toString());
        }

        /** A value in the manifest itself, or in the ConfigMap named {@code configMap}. */
        record Literal(String value, String configMap) implements EnvSource {
        }

        record SecretKey(String secret, String key, boolean optional) implements EnvSource {
        }

        /** The downward API. */
        record Field(String path) implements EnvSource {
        }

        record Other(String description) implements EnvSource {
        }
    }
}
