package io.llmrelay.strimzi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.strimzi.api.kafka.model.kafka.Kafka;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each service may receive and send exactly what it needs; everything else is denied. */
class NetworkPoliciesTest {

    private static final Set<String> DNS = Set.of("UDP/53", "TCP/53");
    private static final String KAFKA = "TCP/" + KafkaClusterTest.TLS_PORT;
    private static final String MANAGEMENT = "TCP/" + WorkloadsTest.MANAGEMENT_PORT;

    private static final Map<String, Set<String>> INGRESS = Map.of(
            AccessTable.REQUEST_INGEST, Set.of("TCP/8080", MANAGEMENT),
            AccessTable.PROVIDER_WORKER, Set.of(MANAGEMENT),
            AccessTable.USAGE_AGGREGATOR, Set.of(MANAGEMENT));

    /** The providers and the API server (worker), PostgreSQL (aggregator, ingest): addresses outside the namespace. */
    private static final Map<String, Set<String>> EXTERNAL_EGRESS = Map.of(
            AccessTable.REQUEST_INGEST, Set.of("TCP/5432"),
            AccessTable.PROVIDER_WORKER, Set.of("TCP/443", "TCP/6443", "TCP/5432"),
            AccessTable.USAGE_AGGREGATOR, Set.of("TCP/5432"));

    private final Manifests manifests = Manifests.load();

    @Test
    void servicesAcceptOnlyTheirPortsAndManagementOnlyFromTheMonitoringNamespace() {
        for (Workload workload : Workload.in(manifests)) {
            NetworkPolicy policy = theOnlyPolicyOf(workload);
            var spec = policy.getSpec();
            assertThat(spec.getPolicyTypes()).as("policy types of %s", policy.getMetadata().getName())
                    .containsExactlyInAnyOrder("Ingress", "Egress");
            Set<String> ports = new TreeSet<>();
            spec.getIngress().forEach(rule -> {
                assertThat(rule.getPorts()).as("an ingress rule of %s without ports opens all", workload).isNotEmpty();
                for (NetworkPolicyPort port : rule.getPorts()) {
                    ports.add(port(port));
                    if (port(port).equals(MANAGEMENT)) {
                        assertThat(rule.getFrom()).as("peers for %s of %s", MANAGEMENT, workload)
                                .isNotEmpty().allSatisfy(peer -> assertThat(namespace(peer)).isEqualTo("monitoring"));
                    }
                }
            });
            assertThat(ports).as("ingress ports of %s", workload).isEqualTo(INGRESS.get(workload.name()));
        }
    }

    @Test
    void servicesReachKafkaDnsAndTheirExternalDependenciesOnly() {
        String cluster = manifests.of(Kafka.class).getFirst().getMetadata().getName();
        for (Workload workload : Workload.in(manifests)) {
            NetworkPolicy policy = theOnlyPolicyOf(workload);
            Set<String> ports = new TreeSet<>();
            policy.getSpec().getEgress().forEach(rule -> {
                assertThat(rule.getPorts()).as("an egress rule of %s without ports opens all", workload).isNotEmpty();
                for (NetworkPolicyPort port : rule.getPorts()) {
                    String name = port(port);
                    ports.add(name);
                    List<NetworkPolicyPeer> to = rule.getTo() == null ? List.of() : rule.getTo();
                    if (name.equals(KAFKA)) {
                        assertThat(to).as("Kafka peers of %s", workload).isNotEmpty().allSatisfy(peer ->
                                assertThat(peer.getPodSelector().getMatchLabels())
                                        .containsEntry("strimzi.io/cluster", cluster));
                    } else if (DNS.contains(name)) {
                        assertThat(to).as("DNS peers of %s", workload).isNotEmpty()
                                .allSatisfy(peer -> assertThat(namespace(peer)).isEqualTo("kube-system"));
                    } else {
                        assertThat(EXTERNAL_EGRESS.get(workload.name())).as("egress ports of %s", workload)
                                .contains(name);
                    }
                }
            });
            Set<String> expected = new TreeSet<>(DNS);
            expected.add(KAFKA);
            expected.addAll(EXTERNAL_EGRESS.get(workload.name()));
            assertThat(ports).as("egress ports of %s", workload).isEqualTo(expected);
        }
    }

    private NetworkPolicy theOnlyPolicyOf(Workload workload) {
        List<String> names = manifests.of(NetworkPolicy.class).stream()
                .filter(p -> Selectors.matches(p.getSpec().getPodSelector(), workload.podLabels()))
                .map(p -> p.getMetadata().getName()).toList();
        return policyOf(manifests, workload).orElseThrow(() -> new AssertionError(
                workload + " is selected by the NetworkPolicies " + names + ", not by exactly one"));
    }

    static Optional<NetworkPolicy> policyOf(Manifests manifests, Workload workload) {
        List<NetworkPolicy> policies = manifests.of(NetworkPolicy.class).stream()
                .filter(p -> Selectors.matches(p.getSpec().getPodSelector(), workload.podLabels())).toList();
        return policies.size() == 1 ? Optional.of(policies.getFirst()) : Optional.empty();
    }

    private static String port(NetworkPolicyPort port) {
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        return protocol + "/" + (port.getPort() == null ? "any" : port.getPort().getValue());
    }

    private static String namespace(NetworkPolicyPeer peer) {
        if (peer.getNamespaceSelector() == null || peer.getNamespaceSelector().getMatchLabels() == null) {
            return null;
        }
        return peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
    }
}
