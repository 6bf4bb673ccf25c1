package io.llmrelay.strimzi;

import java.util.List;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The only Kubernetes API access of the relay: the worker reads the provider keys, and nothing else. */
class RbacTest {

    static final String PROVIDER_SECRET = "external-api-secrets";

    private final Manifests manifests = Manifests.load();

    @Test
    void theWorkersRoleGrantsOnlyGetListWatchOnTheProviderSecret() {
        List<Role> roles = manifests.of(Role.class);

        assertThat(roles).as("Roles").hasSize(1);
        assertThat(roles.getFirst().getRules()).singleElement().satisfies(RbacTest::isReadOfProviderSecret);
    }

    @Test
    void theRoleIsBoundToTheWorkersServiceAccountOnly() {
        Role role = manifests.of(Role.class).getFirst();
        String workerAccount = Workload.named(manifests, AccessTable.PROVIDER_WORKER).pod().getServiceAccountName();

        assertThat(manifests.of(RoleBinding.class)).singleElement().satisfies(binding -> {
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo(workerAccount);
                assertThat(subject.getNamespace()).isEqualTo(binding.getMetadata().getNamespace());
            });
        });
        assertThat(manifests.of(ClusterRole.class)).as("ClusterRoles").isEmpty();
        assertThat(manifests.of(ClusterRoleBinding.class)).as("ClusterRoleBindings").isEmpty();
    }

    @Test
    void aWiderRuleIsCaught() {
        PolicyRule allSecrets = new PolicyRuleBuilder().withApiGroups("").withResources("secrets")
                .withVerbs("get", "list", "watch").build();
        PolicyRule writes = new PolicyRuleBuilder().withApiGroups("").withResources("secrets")
                .withResourceNames(PROVIDER_SECRET).withVerbs("get", "update").build();

        assertThatThrownBy(() -> isReadOfProviderSecret(allSecrets)).hasMessageContaining("resourceNames");
        assertThatThrownBy(() -> isReadOfProviderSecret(writes)).hasMessageContaining("verbs");
    }

    private static void isReadOfProviderSecret(PolicyRule rule) {
        assertThat(rule.getApiGroups()).as("apiGroups").containsExactly("");
        assertThat(rule.getResources()).as("resources").containsExactly("secrets");
        assertThat(rule.getResourceNames()).as("resourceNames").containsExactly(PROVIDER_SECRET);
        assertThat(rule.getVerbs()).as("verbs").containsExactlyInAnyOrder("get", "list", "watch");
        assertThat(rule.getNonResourceURLs()).as("nonResourceURLs").isNullOrEmpty();
    }
}
