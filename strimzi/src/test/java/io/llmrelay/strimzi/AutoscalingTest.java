package io.llmrelay.strimzi;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.llmrelay.schemas.topic.Topics;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's KEDA ScaledObject, read as plain YAML (no KEDA model here): it watches the worker's group on the
 * requests topic, through the TLS listener, as a KafkaUser, and never adds more workers than partitions.
 */
class AutoscalingTest {

    private static final String KEDA = "keda.sh/v1alpha1";

    private final Manifests manifests = Manifests.load();

    @Test
    void theWorkerScalesOnItsGroupsLagOnTheRequestsTopic() {
        GenericKubernetesResource scaledObject = scaledObject();
        Map<String, Object> target = map(spec(scaledObject).get("scaleTargetRef"));
        Map<String, Object> trigger = trigger(scaledObject);
        Map<String, Object> metadata = map(trigger.get("metadata"));

        assertThat(target).containsEntry("kind", "Deployment").containsEntry("name", AccessTable.PROVIDER_WORKER);
        assertThat(manifests.named(Deployment.class, AccessTable.PROVIDER_WORKER)).isPresent();
        assertThat(trigger).containsEntry("type", "kafka");
        assertThat(metadata).containsEntry("consumerGroup", AccessTable.WORKER_GROUP)
                .containsEntry("topic", Topics.REQUESTS.name())
                .containsEntry("tls", "enable")
                .containsEntry("bootstrapServers", manifests.require(ConfigMap.class,
                        WorkloadsTest.KAFKA_CLIENT_CONFIG).getData().get("RELAY_KAFKA_BOOTSTRAP_SERVERS"));
    }

    @Test
    void neverMoreWorkersThanPartitionsOfTheRequestsTopic() {
        Map<String, Object> spec = spec(scaledObject());
        int partitions = KafkaTopicsTest.partitions(manifests, Topics.REQUESTS);
        int deploymentReplicas = manifests.require(Deployment.class, AccessTable.PROVIDER_WORKER).getSpec().getReplicas();

        assertThat(((Number) spec.get("maxReplicaCount")).intValue()).isBetween(1, partitions);
        assertThat(((Number) spec.get("minReplicaCount")).intValue()).isBetween(1, partitions)
                .isEqualTo(deploymentReplicas);
    }

    @Test
    void kedaAuthenticatesAsItsKafkaUserAndTrustsTheClusterCa() {
        Map<String, Object> reference = map(trigger(scaledObject()).get("authenticationRef"));
        GenericKubernetesResource authentication = manifests.generic(KEDA, "TriggerAuthentication").stream()
                .filter(a -> a.getMetadata().getName().equals(reference.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no TriggerAuthentication " + reference.get("name")));
        List<Map<String, Object>> secrets = list(spec(authentication).get("secretTargetRef"));

        assertThat(secrets).extracting(s -> s.get("parameter") + "=" + s.get("name") + "/" + s.get("key"))
                .containsExactlyInAnyOrder(
                        "ca=" + WorkloadsTest.CLUSTER_CA_SECRET + "/ca.crt",
                        "cert=" + AccessTable.KEDA_SCALER + "/user.crt",
                        "key=" + AccessTable.KEDA_SCALER + "/user.key");
        assertThat(manifests.named(KafkaUser.class, AccessTable.KEDA_SCALER)).isPresent();
    }

    private GenericKubernetesResource scaledObject() {
        List<GenericKubernetesResource> scaledObjects = manifests.generic(KEDA, "ScaledObject");
        assertThat(scaledObjects).as("ScaledObjects").hasSize(1);
        return scaledObjects.getFirst();
    }

    private static Map<String, Object> trigger(GenericKubernetesResource scaledObject) {
        List<Map<String, Object>> triggers = list(spec(scaledObject).get("triggers"));
        assertThat(triggers).as("triggers").hasSize(1);
        return triggers.getFirst();
    }

    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return map(resource.getAdditionalProperties().get("spec"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
