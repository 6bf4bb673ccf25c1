package io.llmrelay.strimzi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.llmrelay.strimzi.AccessTable.Grant;
import io.llmrelay.strimzi.AccessTable.Resource;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The KafkaUsers' ACLs against {@link AccessTable}: everything needed is granted, nothing else is. */
class KafkaUsersTest {

    private final Manifests manifests = Manifests.load();

    @Test
    void thereIsOneKafkaUserPerPrincipalOfTheAccessTable() {
        assertThat(manifests.of(KafkaUser.class)).extracting(u -> u.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(AccessTable.users());
    }

    @Test
    void aclsGrantExactlyWhatTheAccessTableLists() {
        Set<Grant> granted = new HashSet<>();
        manifests.of(KafkaUser.class).forEach(user -> granted.addAll(grants(user)));

        assertThat(AccessTable.differences(AccessTable.GRANTS, granted))
                .as("access table:%n%s", AccessTable.describe()).isEmpty();
    }

    @Test
    void everyUserAuthenticatesWithTlsAndIsAuthorizedByAclsOfTheRelayCluster() {
        String cluster = manifests.of(Kafka.class).getFirst().getMetadata().getName();

        assertThat(manifests.of(KafkaUser.class)).allSatisfy(user -> {
            String name = user.getMetadata().getName();
            assertThat(user.getMetadata().getLabels()).as("labels of %s", name)
                    .containsEntry("strimzi.io/cluster", cluster);
            assertThat(user.getSpec().getAuthentication()).as("authentication of %s", name)
                    .isInstanceOf(KafkaUserTlsClientAuthentication.class);
            assertThat(user.getSpec().getAuthorization()).as("authorization of %s", name)
                    .isInstanceOf(KafkaUserAuthorizationSimple.class);
        });
    }

    @Test
    void reportsMissingAndExtraPermissionsNamingUserResourceAndOperation() {
        Set<Grant> table = AccessTable.of(AccessTable.REQUEST_INGEST);
        List<AclRule> acls = new ArrayList<>(table.stream().map(KafkaUsersTest::rule).toList());
        KafkaUser changed = user(AccessTable.REQUEST_INGEST, acls);
        assertThat(AccessTable.differences(table, grants(changed))).as("a user written from the table").isEmpty();
        // no Read on llm.results any more, and a Write nobody asked for
        acls.replaceAll(rule -> rule.getResource() instanceof AclRuleTopicResource topic
                && topic.getName().equals("llm.results") && rule.getOperations().equals(List.of(AclOperation.READ))
                ? new AclRuleBuilder(rule).withOperations(AclOperation.WRITE).build()
                : rule);
        changed = user(AccessTable.REQUEST_INGEST, acls);

        assertThat(AccessTable.differences(table, grants(changed)))
                .containsExactly(
                        "missing: KafkaUser request-ingest needs Read on topic llm.results, which its ACLs do not grant",
                        "extra: KafkaUser request-ingest is granted Write on topic llm.results, which the access"
                                + " table does not list");
    }

    @Test
    void denyRulesAndTheDeprecatedSingleOperationFieldAreReported() {
        KafkaUser user = new KafkaUserBuilder().withNewMetadata().withName("x").endMetadata()
                .withNewSpec().withNewKafkaUserAuthorizationSimple()
                .addToAcls(new AclRuleBuilder().withType(AclRuleType.DENY)
                        .withNewAclRuleTopicResource().withName("t").endAclRuleTopicResource()
                        .withOperations(AclOperation.READ).build())
                .endKafkaUserAuthorizationSimple().endSpec().build();

        assertThat(grants(user)).extracting(Grant::toString).containsExactly("x (DENY): Read on topic t");
    }

    private static KafkaUser user(String name, List<AclRule> acls) {
        return new KafkaUserBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNewKafkaUserAuthorizationSimple().withAcls(acls).endKafkaUserAuthorizationSimple().endSpec()
                .build();
    }

    /** One grant of the table as an ACL rule. */
    private static AclRule rule(Grant grant) {
        Resource resource = grant.resource();
        AclRuleBuilder rule = new AclRuleBuilder().withOperations(grant.operation());
        return switch (resource.type()) {
            case "topic" -> rule.withNewAclRuleTopicResource().withName(resource.name())
                    .withPatternType(resource.pattern()).endAclRuleTopicResource().build();
            case "group" -> rule.withNewAclRuleGroupResource().withName(resource.name())
                    .withPatternType(resource.pattern()).endAclRuleGroupResource().build();
            case "transactionalId" -> rule.withNewAclRuleTransactionalIdResource().withName(resource.name())
                    .withPatternType(resource.pattern()).endAclRuleTransactionalIdResource().build();
            default -> throw new IllegalArgumentException("no ACL rule for " + resource);
        };
    }

    /**
     * The user's ACL rules, one grant per operation. A deny rule, a host other than "*" or a rule using
     * the singular "operation" (removed in the v1 API) becomes a grant no table lists, so it is reported as extra.
     */
    static Set<Grant> grants(KafkaUser user) {
        String name = user.getMetadata().getName();
        if (!(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple)) {
            return Set.of();
        }
        Set<Grant> grants = new TreeSet<>(java.util.Comparator.comparing(Grant::toString));
        for (AclRule rule : simple.getAcls()) {
            String qualifier = "";
            if (rule.getType() == AclRuleType.DENY) {
                qualifier += "DENY ";
            }
            if (rule.getHost() != null && !rule.getHost().equals("*")) {
                qualifier += "host " + rule.getHost() + " ";
            }
            List<AclOperation> operations = new ArrayList<>(rule.getOperations() == null ? List.of()
                    : rule.getOperations());
            @SuppressWarnings("deprecation")
            AclOperation single = rule.getOperation();
            if (single != null) {
                qualifier += "deprecated-operation-field ";
                operations.add(single);
            }
            for (AclOperation operation : operations) {
                grants.add(new Grant(qualifier.isEmpty() ? name : name + " (" + qualifier.strip() + ")",
                        resource(rule), operation));
            }
        }
        return grants;
    }

    private static Resource resource(AclRule rule) {
        return switch (rule.getResource()) {
            case AclRuleTopicResource topic -> new Resource("topic", topic.getName(), pattern(topic.getPatternType()));
            case AclRuleGroupResource group -> new Resource("group", group.getName(), pattern(group.getPatternType()));
            case AclRuleTransactionalIdResource id ->
                    new Resource("transactionalId", id.getName(), pattern(id.getPatternType()));
            case AclRuleClusterResource ignored -> new Resource("cluster", "kafka-cluster", AclResourcePatternType.LITERAL);
            default -> new Resource(String.valueOf(rule.getResource()), "?", AclResourcePatternType.LITERAL);
        };
    }

    /** Strimzi's default pattern type is literal. */
    private static AclResourcePatternType pattern(AclResourcePatternType type) {
        return type == null ? AclResourcePatternType.LITERAL : type;
    }
}
