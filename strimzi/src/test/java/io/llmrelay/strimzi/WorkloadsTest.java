package io.llmrelay.strimzi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.strimzi.Workload.EnvSource;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertAll;

/** The three services' workloads: probes, resources, security, images, environment and the Kafka TLS files. */
class WorkloadsTest {

    static final String KAFKA_CLIENT_CONFIG = "llm-relay-kafka-client";
    static final String MANAGEMENT_PORT_NAME = "management";
    static final int MANAGEMENT_PORT = 8081;
    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";
    /** The user the image runs as (Dockerfile: USER 10001:10001). */
    static final long IMAGE_UID = 10001;
    static final String CLUSTER_CA_SECRET = "llm-relay-cluster-ca-cert";
    static final String POD_INDEX = "metadata.labels['apps.kubernetes.io/pod-index']";

    /** The environment variables each service reads (names are final, see the services' READMEs). */
    static final Map<String, Set<String>> ENVIRONMENT = Map.of(
            AccessTable.REQUEST_INGEST, Set.of("RELAY_KAFKA_BOOTSTRAP_SERVERS", "RELAY_INGEST_PORT",
                    "RELAY_INGEST_REPLY_PARTITION", "RELAY_BOOTSTRAP_KEY", "RELAY_DB_URL", "RELAY_DB_USER",
                    "RELAY_DB_PASSWORD", "RELAY_ADMIN_KEY"),
            AccessTable.PROVIDER_WORKER, Set.of("RELAY_KAFKA_BOOTSTRAP_SERVERS", "RELAY_CREDENTIALS_SOURCE",
                    "RELAY_CREDENTIALS_KEK_FILE", "OPENAI_ORGANIZATION", "RELAY_RATE_LIMITS_DATASOURCE_URL",
                    "RELAY_RATE_LIMITS_DATASOURCE_USERNAME", "RELAY_RATE_LIMITS_DATASOURCE_PASSWORD"),
            AccessTable.USAGE_AGGREGATOR, Set.of("RELAY_KAFKA_BOOTSTRAP_SERVERS", "RELAY_DB_URL", "RELAY_DB_USER",
                    "RELAY_DB_PASSWORD"));

    /** Names that hold credentials: their values must come from a Secret, never from a manifest. */
    private static final Pattern SECRET_NAME = Pattern.compile("(^|_)(KEY|PASSWORD|SECRET|TOKEN)($|_)");

    private final Manifests manifests = Manifests.load();
    private final List<Workload> workloads = Workload.in(manifests);

    @Test
    void eachServiceRunsAsOneWorkloadAndRequestIngestAsAStatefulSet() {
        assertThat(workloads).extracting(Workload::name).containsExactlyInAnyOrderElementsOf(ENVIRONMENT.keySet());
        assertThat(Workload.named(manifests, AccessTable.REQUEST_INGEST).kind()).isEqualTo("StatefulSet");
    }

    @Test
    void probesUseTheActuatorHealthGroupsOnTheManagementPort() {
        eachWorkload(workload -> {
            Container container = workload.main();
            assertThat(container.getPorts()).as("ports of %s", workload)
                    .anySatisfy(port -> {
                        assertThat(port.getName()).isEqualTo(MANAGEMENT_PORT_NAME);
                        assertThat(port.getContainerPort()).isEqualTo(MANAGEMENT_PORT);
                    });
            assertProbe(workload, "liveness", container.getLivenessProbe(), LIVENESS);
            assertProbe(workload, "readiness", container.getReadinessProbe(), READINESS);
            if (container.getStartupProbe() != null) {
                assertProbe(workload, "startup", container.getStartupProbe(), LIVENESS);
            }
        });
    }

    private static void assertProbe(Workload workload, String kind, Probe probe, String path) {
        assertThat(probe).as("%s probe of %s", kind, workload).isNotNull();
        assertThat(probe.getHttpGet()).as("%s probe of %s is an HTTP GET", kind, workload).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as("%s probe path of %s", kind, workload).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as("%s probe port of %s", kind, workload)
                .isEqualTo(MANAGEMENT_PORT_NAME);
    }

    @Test
    void everyContainerHasCpuAndMemoryRequestsAndLimits() {
        eachWorkload(workload -> {
            for (Container container : workload.pod().getContainers()) {
                var resources = container.getResources();
                assertThat(resources).as("resources of %s/%s", workload, container.getName()).isNotNull();
                assertThat(resources.getRequests()).as("requests of %s", workload).containsKeys("cpu", "memory");
                assertThat(resources.getLimits()).as("limits of %s", workload).containsKeys("cpu", "memory");
                // the JVM sizes its heap from the limit (MaxRAMPercentage); a lower request invites eviction
                assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")))
                        .as("memory limit of %s equals its request", workload)
                        .isEqualByComparingTo(Quantity.getAmountInBytes(resources.getRequests().get("memory")));
            }
        });
    }

    @Test
    void podsRunAsTheImagesNonRootUserOnAReadOnlyRootFilesystemWithAWritableTmp() {
        eachWorkload(workload -> {
            var podSecurity = workload.pod().getSecurityContext();
            Container container = workload.main();
            var security = container.getSecurityContext();
            assertThat(podSecurity).as("pod securityContext of %s", workload).isNotNull();
            assertThat(security).as("container securityContext of %s", workload).isNotNull();
            assertThat(Optional.ofNullable(security.getRunAsNonRoot()).orElse(podSecurity.getRunAsNonRoot()))
                    .as("runAsNonRoot of %s", workload).isTrue();
            assertThat(Optional.ofNullable(security.getRunAsUser()).orElse(podSecurity.getRunAsUser()))
                    .as("runAsUser of %s", workload).isEqualTo(IMAGE_UID);
            assertThat(security.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem of %s", workload).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation of %s", workload)
                    .isFalse();
            assertThat(security.getCapabilities().getDrop()).as("dropped capabilities of %s", workload)
                    .contains("ALL");
            VolumeMount tmp = mountAt(container, "/tmp")
                    .orElseThrow(() -> new AssertionError(workload + " mounts nothing at /tmp"));
            assertThat(volume(workload, tmp.getName()).getEmptyDir()).as("/tmp of %s is an emptyDir", workload)
                    .isNotNull();
        });
    }

    @Test
    void imagesAreTheServicesReleaseImages() {
        eachWorkload(workload -> {
            assertThat(workload.main().getImage()).as("image of %s", workload)
                    .isEqualTo("ghcr.io/llm-relay/" + workload.name() + ":0.1.0");
        });
    }

    @Test
    void everyServiceGetsTheEnvironmentVariablesItReads() {
        eachWorkload(workload -> {
            Map<String, EnvSource> environment = Workload.environment(workload.main(), manifests);
            assertThat(environment.keySet()).as("environment of %s", workload)
                    .containsAll(ENVIRONMENT.get(workload.name()));
        });
    }

    @Test
    void credentialsComeFromSecretsAndNeverFromManifests() {
        List<String> exposed = new ArrayList<>();
        for (Workload workload : workloads) {
            Workload.environment(workload.main(), manifests).forEach((name, source) -> {
                if (SECRET_NAME.matcher(name).find() && !(source instanceof EnvSource.SecretKey)) {
                    exposed.add(workload + ": " + name + " is " + source);
                }
            });
        }
        for (ConfigMap configMap : manifests.of(ConfigMap.class)) {
            configMap.getData().keySet().stream().filter(key -> SECRET_NAME.matcher(key).find())
                    .forEach(key -> exposed.add("ConfigMap " + configMap.getMetadata().getName() + ": " + key));
        }

        assertThat(exposed).isEmpty();
        // provider keys are not in the environment at all: the worker reads their envelopes from the Secret and
        // opens them with key-encryption keys mounted from another Secret
        Workload worker = workloads.stream().filter(w -> w.name().equals(AccessTable.PROVIDER_WORKER)).findFirst()
                .orElseThrow();
        Map<String, EnvSource> environment = environment(AccessTable.PROVIDER_WORKER);
        assertThat(environment).doesNotContainKey("OPENAI_API_KEY");
        assertThat(literal(worker, environment, "RELAY_CREDENTIALS_SOURCE")).isEqualTo("kubernetes");
        assertFileFromSecret(worker, literal(worker, environment, "RELAY_CREDENTIALS_KEK_FILE"), "llm-relay-kek",
                "keks.properties");
    }

    @Test
    void kafkaClientsUseTlsWithTheirKafkaUsersCertificateAndTheClusterCa() {
        eachWorkload(workload -> {
            Map<String, EnvSource> environment = environment(workload.name());
            assertThat(literal(workload, environment, "RELAY_KAFKA_PROPERTIES_SECURITY_PROTOCOL")).isEqualTo("SSL");
            assertThat(AccessTable.users()).as("KafkaUsers").contains(workload.name());

            assertFileFromSecret(workload, literal(workload, environment, "RELAY_KAFKA_PROPERTIES_SSL_KEYSTORE_LOCATION"),
                    workload.name(), "user.p12");
            assertThat(environment.get("RELAY_KAFKA_PROPERTIES_SSL_KEYSTORE_PASSWORD")).as("keystore password of %s", workload)
                    .isEqualTo(new EnvSource.SecretKey(workload.name(), "user.password", false));
            assertFileFromSecret(workload, literal(workload, environment, "RELAY_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION"),
                    CLUSTER_CA_SECRET, "ca.p12");
            assertThat(environment.get("RELAY_KAFKA_PROPERTIES_SSL_TRUSTSTORE_PASSWORD")).as("truststore password of %s", workload)
                    .isEqualTo(new EnvSource.SecretKey(CLUSTER_CA_SECRET, "ca.password", false));
        });
    }

    @Test
    void kafkaClientPodsAreAdmittedByTheListenersNetworkPolicyPeers() {
        GenericKafkaListener listener = manifests.of(Kafka.class).getFirst().getSpec().getKafka().getListeners()
                .stream().filter(l -> l.getPort() == KafkaClusterTest.TLS_PORT).findFirst().orElseThrow();
        if (listener.getNetworkPolicyPeers() == null || listener.getNetworkPolicyPeers().isEmpty()) {
            return; // Strimzi then admits every pod
        }
        eachWorkload(workload -> {
            assertThat(listener.getNetworkPolicyPeers()).as("listener peers admitting %s", workload)
                    .anySatisfy(peer -> {
                        assertThat(peer.getNamespaceSelector()).isNull();
                        assertThat(Selectors.matches(peer.getPodSelector(), workload.podLabels())).isTrue();
                    });
        });
    }

    @Test
    void eachIngestReplicaReadsTheReplyPartitionOfItsOrdinalAndThereAreNoMoreReplicasThanPartitions() {
        StatefulSet ingest = manifests.require(StatefulSet.class, AccessTable.REQUEST_INGEST);
        int partitions = KafkaTopicsTest.partitions(manifests, Topics.RESULTS);

        assertThat(environment(AccessTable.REQUEST_INGEST).get("RELAY_INGEST_REPLY_PARTITION"))
                .isEqualTo(new EnvSource.Field(POD_INDEX));
        assertThat(ingest.getSpec().getReplicas()).as("replicas of request-ingest (one per partition of %s)",
                Topics.RESULTS.name()).isBetween(1, partitions);
        Service governing = manifests.require(Service.class, ingest.getSpec().getServiceName());
        assertThat(governing.getSpec().getClusterIP()).as("governing Service is headless").isEqualTo("None");
    }

    @Test
    void serviceAccountsExistAndOnlyTheWorkerMountsAnApiToken() {
        eachWorkload(workload -> {
            String account = workload.pod().getServiceAccountName();
            assertThat(manifests.named(ServiceAccount.class, account)).as("ServiceAccount of %s", workload).isPresent();
            boolean token = !Boolean.FALSE.equals(workload.pod().getAutomountServiceAccountToken());
            assertThat(token).as("%s mounts a service account token", workload)
                    .isEqualTo(workload.name().equals(AccessTable.PROVIDER_WORKER));
        });
    }

    /** Runs {@code check} for every workload and reports the failures of all of them, not only the first. */
    private void eachWorkload(ThrowingConsumer<Workload> check) {
        assertAll(workloads.stream().map(workload -> (Executable) () -> check.accept(workload)));
    }

    private Map<String, EnvSource> environment(String workload) {
        return Workload.environment(Workload.named(manifests, workload).main(), manifests);
    }

    private static String literal(Workload workload, Map<String, EnvSource> environment, String name) {
        if (environment.get(name) instanceof EnvSource.Literal literal) {
            return literal.value();
        }
        return fail(workload + ": " + name + " is " + environment.get(name) + ", not a plain value");
    }

    /** {@code file} exists in the container because a volume projects {@code key} of {@code secret} there. */
    private static void assertFileFromSecret(Workload workload, String file, String secret, String key) {
        Path path = Path.of(file);
        Container container = workload.main();
        VolumeMount mount = mountAt(container, path.getParent().toString()).orElseThrow(() -> new AssertionError(
                workload + " mounts nothing at " + path.getParent() + " for " + file));
        Volume volume = volume(workload, mount.getName());
        assertThat(volume.getSecret()).as("volume %s of %s", volume.getName(), workload).isNotNull();
        assertThat(volume.getSecret().getSecretName()).as("secret of volume %s of %s", volume.getName(), workload)
                .isEqualTo(secret);
        var items = volume.getSecret().getItems();
        boolean projected = items == null || items.isEmpty()
                ? path.getFileName().toString().equals(key)
                : items.stream().anyMatch(i -> i.getKey().equals(key) && i.getPath().equals(path.getFileName().toString()));
        assertThat(projected).as("%s of %s holds key %s of Secret %s", file, workload, key, secret).isTrue();
    }

    private static Optional<VolumeMount> mountAt(Container container, String path) {
        return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst();
    }

    private static Volume volume(Workload workload, String name) {
        return workload.pod().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(workload + " mounts volume " + name + ", which it does not declare"));
    }
}
