package io.llmrelay.strimzi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Services, PodDisruptionBudgets and NetworkPolicies select the pods they were written for. */
class SelectorsTest {

    private final Manifests manifests = Manifests.load();
    private final List<Workload> workloads = Workload.in(manifests);

    @Test
    void everyWorkloadSelectsItsOwnPods() {
        assertThat(workloads).allSatisfy(w -> assertThat(Selectors.matches(w.selector(), w.podLabels()))
                .as("selector of %s matches its pod template labels %s", w, w.podLabels()).isTrue());
    }

    @Test
    void everyServiceSelectsPodsThatHaveItsTargetPorts() {
        List<String> problems = new ArrayList<>();
        for (Service service : manifests.of(Service.class)) {
            List<Workload> selected = workloads.stream()
                    .filter(w -> Selectors.matches(service.getSpec().getSelector(), w.podLabels())).toList();
            if (selected.isEmpty()) {
                problems.add("Service " + service.getMetadata().getName() + " selects no pods: "
                        + service.getSpec().getSelector());
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                for (Workload workload : selected) {
                    if (!hasPort(workload, port)) {
                        problems.add("Service " + service.getMetadata().getName() + " port " + port.getName()
                                + " targets " + port.getTargetPort() + ", which " + workload + " does not expose");
                    }
                }
            }
        }

        assertThat(problems).isEmpty();
        assertThat(workloads).allSatisfy(w -> assertThat(manifests.of(Service.class))
                .as("Services of %s", w).anyMatch(s -> Selectors.matches(s.getSpec().getSelector(), w.podLabels())));
    }

    @Test
    void everyWorkloadHasExactlyOneDisruptionBudgetThatSelectsOnlyIt() {
        for (PodDisruptionBudget budget : manifests.of(PodDisruptionBudget.class)) {
            assertThat(workloads.stream().filter(w -> Selectors.matches(budget.getSpec().getSelector(), w.podLabels())))
                    .as("workloads selected by PodDisruptionBudget %s", budget.getMetadata().getName()).hasSize(1);
        }
        for (Workload workload : workloads) {
            assertThat(manifests.of(PodDisruptionBudget.class).stream()
                    .filter(b -> Selectors.matches(b.getSpec().getSelector(), workload.podLabels())))
                    .as("PodDisruptionBudgets of %s", workload).hasSize(1);
        }
    }

    @Test
    void everyWorkloadHasExactlyOneNetworkPolicyThatSelectsOnlyIt() {
        for (NetworkPolicy policy : manifests.of(NetworkPolicy.class)) {
            assertThat(Selectors.isEmpty(policy.getSpec().getPodSelector()))
                    .as("NetworkPolicy %s selects every pod of the namespace", policy.getMetadata().getName()).isFalse();
            assertThat(workloads.stream().filter(w -> Selectors.matches(policy.getSpec().getPodSelector(), w.podLabels())))
                    .as("workloads selected by NetworkPolicy %s", policy.getMetadata().getName()).hasSize(1);
        }
        for (Workload workload : workloads) {
            assertThat(NetworkPoliciesTest.policyOf(manifests, workload)).as("NetworkPolicy of %s", workload).isPresent();
        }
    }

    @Test
    void selectorsThatMatchNothingAreCaught() {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "provider-worker");

        assertThat(Selectors.matches(Map.of("app.kubernetes.io/name", "provider-workr"), labels)).isFalse();
        assertThat(Selectors.matches(Map.of(), labels)).as("an empty Service selector").isFalse();
        assertThat(Selectors.matches(new LabelSelectorBuilder().addNewMatchExpression()
                .withKey("app.kubernetes.io/name").withOperator("In").withValues("request-ingest").endMatchExpression()
                .build(), labels)).isFalse();
        assertThat(Selectors.matches(new LabelSelectorBuilder().withMatchLabels(labels).build(), labels)).isTrue();
    }

    private static boolean hasPort(Workload workload, ServicePort port) {
        var target = port.getTargetPort();
        return workload.pod().getContainers().stream().flatMap(c -> c.getPorts().stream())
                .anyMatch(p -> target == null ? p.getContainerPort().equals(port.getPort())
                        : target.getStrVal() != null ? target.getStrVal().equals(p.getName())
                        : target.getIntVal().equals(p.getContainerPort()));
    }
}
