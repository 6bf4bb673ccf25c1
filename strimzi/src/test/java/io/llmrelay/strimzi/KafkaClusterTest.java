package io.llmrelay.strimzi;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationTls;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka cluster: KRaft node pools, the TLS listener the services use, ACLs on, metrics, operators. */
class KafkaClusterTest {

    /** The listener the services connect to; RELAY_KAFKA_BOOTSTRAP_SERVERS must name it. */
    static final int TLS_PORT = 9093;

    private final Manifests manifests = Manifests.load();

    private Kafka kafka() {
        assertThat(manifests.of(Kafka.class)).as("Kafka resources").hasSize(1);
        return manifests.of(Kafka.class).getFirst();
    }

    @Test
    void runsAKafkaVersionStrimziZeroFortyNineSupports() {
        // Strimzi 0.49.x: Kafka 4.0.0, 4.0.1, 4.1.0, 4.1.1
        assertThat(kafka().getSpec().getKafka().getVersion()).isIn("4.0.0", "4.0.1", "4.1.0", "4.1.1");
    }

    @Test
    void hasThreeControllersAndThreeBrokersInSeparateNodePools() {
        String cluster = kafka().getMetadata().getName();
        List<KafkaNodePool> pools = manifests.of(KafkaNodePool.class);

        assertThat(pools).allSatisfy(pool -> assertThat(pool.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", cluster));
        assertThat(pools.stream().filter(p -> p.getSpec().getRoles().equals(List.of(ProcessRoles.CONTROLLER)))
                .mapToInt(p -> p.getSpec().getReplicas()).sum()).as("controllers").isEqualTo(3);
        assertThat(pools.stream().filter(p -> p.getSpec().getRoles().equals(List.of(ProcessRoles.BROKER)))
                .mapToInt(p -> p.getSpec().getReplicas()).sum()).as("brokers").isEqualTo(3);
        assertThat(pools).as("every pool is controller-only or broker-only")
                .allSatisfy(p -> assertThat(p.getSpec().getRoles()).hasSize(1));
    }

    @Test
    void servicesConnectThroughAMutualTlsListenerAndAclsAreEnforced() {
        var spec = kafka().getSpec().getKafka();
        GenericKafkaListener tls = spec.getListeners().stream().filter(l -> l.getPort() == TLS_PORT).findFirst()
                .orElseThrow(() -> new AssertionError("no listener on port " + TLS_PORT));

        assertThat(tls.getType()).isEqualTo(KafkaListenerType.INTERNAL);
        assertThat(tls.isTls()).as("TLS on the listener").isTrue();
        assertThat(tls.getAuth()).isInstanceOf(KafkaListenerAuthenticationTls.class);
        assertThat(spec.getListeners()).as("no listener without authentication")
                .allSatisfy(l -> assertThat(l.getAuth()).isNotNull());
        assertThat(spec.getAuthorization()).isInstanceOf(KafkaAuthorizationSimple.class);
    }

    @Test
    void brokerDefaultsMatchTheTopicsReplicationAndNoTopicIsCreatedByAccident() {
        Map<String, Object> config = kafka().getSpec().getKafka().getConfig();

        assertThat(config).containsEntry("auto.create.topics.enable", false)
                .containsEntry("default.replication.factor", KafkaTopicsTest.REPLICAS)
                .containsEntry("min.insync.replicas", KafkaTopicsTest.MIN_IN_SYNC_REPLICAS)
                .containsEntry("offsets.topic.replication.factor", KafkaTopicsTest.REPLICAS);
    }

    @Test
    void exportsJmxMetricsFromAConfigMapThatExists() {
        var metrics = kafka().getSpec().getKafka().getMetricsConfig();

        assertThat(metrics).isInstanceOf(JmxPrometheusExporterMetrics.class);
        ConfigMapKeySelector reference = ((JmxPrometheusExporterMetrics) metrics).getValueFrom().getConfigMapKeyRef();
        ConfigMap configMap = manifests.require(ConfigMap.class, reference.getName());
        assertThat(configMap.getData()).as("data of ConfigMap %s", reference.getName())
                .containsKey(reference.getKey());
        assertThat(configMap.getData().get(reference.getKey())).contains("rules:");
    }

    @Test
    @SuppressWarnings("deprecation")
    void usesNoFieldTheV1ApiRemoved() {
        var spec = kafka().getSpec();

        // the model class still has them (it serves v1beta2 too); a v1 Kafka resource with them is rejected
        assertThat(spec.getKafka().getReplicas()).as("spec.kafka.replicas (node pools own it)").isNull();
        assertThat(spec.getKafka().getStorage()).as("spec.kafka.storage (node pools own it)").isNull();
        assertThat(spec.getKafka().getResources()).as("spec.kafka.resources (node pools own it)").isNull();
        assertThat(spec.getZookeeper()).as("spec.zookeeper").isNull();
        assertThat(spec.getJmxTrans()).as("spec.jmxTrans").isNull();
    }

    @Test
    void runsTheTopicAndUserOperators() {
        var entityOperator = kafka().getSpec().getEntityOperator();

        assertThat(entityOperator).isNotNull();
        assertThat(entityOperator.getTopicOperator()).as("topic operator").isNotNull();
        assertThat(entityOperator.getUserOperator()).as("user operator").isNotNull();
    }

    @Test
    void theServicesBootstrapAddressIsTheClustersTlsBootstrapService() {
        Kafka kafka = kafka();
        String expected = kafka.getMetadata().getName() + "-kafka-bootstrap." + kafka.getMetadata().getNamespace()
                + ".svc:" + TLS_PORT;

        assertThat(manifests.require(ConfigMap.class, WorkloadsTest.KAFKA_CLIENT_CONFIG).getData())
                .containsEntry("RELAY_KAFKA_BOOTSTRAP_SERVERS", expected);
    }
}
