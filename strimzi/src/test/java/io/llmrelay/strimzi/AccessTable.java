package io.llmrelay.strimzi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;

import static io.strimzi.api.kafka.model.user.acl.AclOperation.CREATE;
import static io.strimzi.api.kafka.model.user.acl.AclOperation.DELETE;
import static io.strimzi.api.kafka.model.user.acl.AclOperation.DESCRIBE;
import static io.strimzi.api.kafka.model.user.acl.AclOperation.READ;
import static io.strimzi.api.kafka.model.user.acl.AclOperation.WRITE;

/**
 * Who uses what on Kafka: the one place that says which principal needs which operation on which topic, group and
 * transactional id. Topic names come from the {@link Topics} catalog, so a renamed topic changes this table too.
 * KafkaUsersTest holds the KafkaUser manifests to it in both directions.
 */
final class AccessTable {

    /** relay.worker.group-id's default, the group every provider-worker replica joins. */
    static final String WORKER_GROUP = "llm-relay-provider-worker";
    /** The group of the workers' consumer of parked requests: relay.worker.group-id + "-retry". */
    static final String WORKER_RETRY_GROUP = WORKER_GROUP + "-retry";
    /** relay.aggregator.group-id's default. */
    static final String AGGREGATOR_GROUP = "llm-relay-usage-aggregator";
    /** relay.aggregator.audit.group-id's default: the aggregator's writer of llm.audit to PostgreSQL. */
    static final String AUDIT_GROUP = "llm-relay-audit-aggregator";
    /** relay.aggregator.totals.rollup-group-id's default: the aggregator's writer of totals and alerts to PostgreSQL. */
    static final String ROLLUP_GROUP = "llm-relay-usage-aggregator-rollups";
    /** application.id of the aggregator's Kafka Streams application: prefix of its internal topics, group, txn ids. */
    static final String STREAMS_APPLICATION_ID = "llm-relay-usage-aggregator-streams";

    static final String REQUEST_INGEST = "request-ingest";
    static final String PROVIDER_WORKER = "provider-worker";
    static final String USAGE_AGGREGATOR = "usage-aggregator";
    /** Not a service: the KEDA operator reading the worker group's lag. */
    static final String KEDA_SCALER = "keda-kafka-scaler";

    /** One permission: principal {@code user} may do {@code operation} on {@code resource}. */
    record Grant(String user, Resource resource, AclOperation operation) {

        @Override
        public String toString() {
            return user + ": " + operation.toValue() + " on " + resource;
        }
    }

    /** A Kafka ACL resource as Strimzi spells it: type topic, group, transactionalId or cluster. */
    record Resource(String type, String name, AclResourcePatternType pattern) {

        @Override
        public String toString() {
            return type + " " + name + (pattern == AclResourcePatternType.PREFIX ? "* (prefix)" : "");
        }
    }

    private static final Comparator<Grant> ORDER = Comparator.comparing(Grant::toString);

    static final Set<Grant> GRANTS = build();

    private AccessTable() {
    }

    private static Set<Grant> build() {
        List<Grant> grants = new ArrayList<>();
        // request-ingest reads replies (its own partition) and budget status by manual assignment: no group;
        // it audits relay key administration and refused authentications
        new User(REQUEST_INGEST, grants)
                .writes(Topics.REQUESTS, Topics.AUDIT)
                .reads(Topics.RESULTS)
                .reads(Topics.BUDGET_STATUS);
        new User(PROVIDER_WORKER, grants)
                .consumes(Topics.REQUESTS, WORKER_GROUP)
                .consumes(Topics.REQUESTS_RETRY, WORKER_RETRY_GROUP).writes(Topics.REQUESTS_RETRY)
                .writes(Topics.RESULTS, Topics.USAGE, Topics.REQUESTS_DLQ, Topics.AUDIT)
                .reads(Topics.PROVIDER_HEALTH).writes(Topics.PROVIDER_HEALTH)
                .reads(Topics.BUDGET_STATUS);
        new User(USAGE_AGGREGATOR, grants)
                .consumes(Topics.USAGE, AGGREGATOR_GROUP)
                .writes(Topics.USAGE_DLQ)
                .consumes(Topics.AUDIT, AUDIT_GROUP)
                .writes(Topics.BUDGET_ALERTS, Topics.BUDGET_STATUS)
                .writes(Topics.BUDGETS).reads(Topics.BUDGETS)
                .consumes(Topics.BUDGET_ALERTS, ROLLUP_GROUP)
                .streamsApplication(STREAMS_APPLICATION_ID)
                // the status page's breaker table: manual assignment, no group
                .reads(Topics.PROVIDER_HEALTH);
        new User(KEDA_SCALER, grants)
                .allow(new Resource("topic", Topics.REQUESTS.name(), AclResourcePatternType.LITERAL), DESCRIBE)
                .allow(group(WORKER_GROUP, AclResourcePatternType.LITERAL), DESCRIBE);
        Set<Grant> unique = new TreeSet<>(ORDER);
        unique.addAll(grants);
        return Set.copyOf(unique);
    }

    static Set<String> users() {
        return GRANTS.stream().map(Grant::user).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<Grant> of(String user) {
        return GRANTS.stream().filter(g -> g.user().equals(user)).collect(Collectors.toCollection(() -> new TreeSet<>(ORDER)));
    }

    /** Grants in {@code expected} and not in {@code actual}, then the other way round, as readable lines. */
    static List<String> differences(Set<Grant> expected, Set<Grant> actual) {
        List<String> differences = new ArrayList<>();
        expected.stream().filter(g -> !actual.contains(g)).sorted(ORDER)
                .forEach(g -> differences.add("missing: KafkaUser " + g.user() + " needs " + g.operation().toValue()
                        + " on " + g.resource() + ", which its ACLs do not grant"));
        actual.stream().filter(g -> !expected.contains(g)).sorted(ORDER)
                .forEach(g -> differences.add("extra: KafkaUser " + g.user() + " is granted " + g.operation().toValue()
                        + " on " + g.resource() + ", which the access table does not list"));
        return differences;
    }

    private static Resource topic(Topic<?, ?> topic) {
        return new Resource("topic", topic.name(), AclResourcePatternType.LITERAL);
    }

    private static Resource group(String name, AclResourcePatternType pattern) {
        return new Resource("group", name, pattern);
    }

    /** A fluent way to say what one principal does, in the words of producers and consumers. */
    private record User(String name, List<Grant> grants) {

        User allow(Resource resource, AclOperation... operations) {
            for (AclOperation operation : operations) {
                grants.add(new Grant(name, resource, operation));
            }
            return this;
        }

        User writes(Topic<?, ?>... topics) {
            for (Topic<?, ?> t : topics) {
                allow(topic(t), WRITE, DESCRIBE);
            }
            return this;
        }

        User reads(Topic<?, ?>... topics) {
            for (Topic<?, ?> t : topics) {
                allow(topic(t), READ, DESCRIBE);
            }
            return this;
        }

        User consumes(Topic<?, ?> topic, String group) {
            return reads(topic).allow(group(group, AclResourcePatternType.LITERAL), READ);
        }

        /** Internal topics, the group and the transactional ids of a Kafka Streams application. */
        User streamsApplication(String applicationId) {
            allow(new Resource("topic", applicationId, AclResourcePatternType.PREFIX),
                    READ, WRITE, CREATE, DESCRIBE, DELETE);
            allow(group(applicationId, AclResourcePatternType.PREFIX), READ);
            return allow(new Resource("transactionalId", applicationId, AclResourcePatternType.PREFIX),
                    WRITE, DESCRIBE);
        }
    }

    /** For messages: the table as "user -> grants", one per line. */
    static String describe() {
        Map<String, List<String>> byUser = GRANTS.stream().sorted(ORDER).collect(Collectors.groupingBy(Grant::user,
                java.util.TreeMap::new, Collectors.mapping(g -> g.operation().toValue() + " " + g.resource(),
                        Collectors.toList())));
        return byUser.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
    }
}
