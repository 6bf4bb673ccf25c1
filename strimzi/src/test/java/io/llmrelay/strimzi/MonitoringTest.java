package io.llmrelay.strimzi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.strimzi.api.kafka.model.kafka.Kafka;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules (PrometheusRule, read as plain YAML) and the Grafana dashboard against the meters the services
 * register: every metric an expression reads is one a service's code registers (or a Kafka client, Kafka Exporter,
 * kube-state-metrics or Prometheus metric that the deployment provides), every label it filters, groups or prints
 * by exists on those metrics, and none of them is a per-user, per-team, per-key or per-request label.
 */
class MonitoringTest {

    private static final String MONITORING = "monitoring.coreos.com/v1";
    static final Path GRAFANA = Path.of(System.getProperty("grafana.dir", "grafana"));
    private static final String DASHBOARD_FILE = "llm-relay.json";
    private static final String DASHBOARD_CONFIG_MAP = "llm-relay-grafana-dashboard";

    /** Labels Prometheus and the Prometheus Operator add to every series a PodMonitor scrapes. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "pod", "container",
            "endpoint");
    /** Anything naming a caller or a request: one series per user, key or request would swamp Prometheus. */
    private static final Pattern HIGH_CARDINALITY = Pattern.compile("(?i).*(user|team|key|request|tenant|session).*");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Manifests manifests = Manifests.load();
    private final MeterCatalog meters = MeterCatalog.of(DockerfileTest.REPOSITORY);

    /** A metric no service registers itself, with its labels and why it is there. */
    private record External(Set<String> labels, String source, Predicate<MonitoringTest> provided) {
    }

    private final Map<String, External> externals = Map.of(
            "up", new External(Set.of(), "Prometheus, per scraped target", t -> true),
            "kafka_consumer_fetch_manager_records_lag_max", new External(
                    Set.of("client_id", "kafka_version", "topic", "partition"),
                    "Micrometer's KafkaClientMetrics bound to a service's consumer",
                    t -> t.meters.binders().contains("KafkaClientMetrics")),
            "kafka_consumergroup_lag", new External(Set.of("consumergroup", "topic", "partition"),
                    "Strimzi's Kafka Exporter (Kafka spec.kafkaExporter)",
                    t -> t.manifests.of(Kafka.class).stream().anyMatch(k -> k.getSpec().getKafkaExporter() != null)),
            "kube_pod_status_ready", new External(Set.of("namespace", "pod", "uid", "condition"),
                    "kube-state-metrics", t -> true));

    /** One PromQL expression and the templates that print its labels, with where it was found. */
    record Query(String place, String expression, List<String> templates) {
    }

    @Test
    void thereIsOnePrometheusRuleWithAlertGroups() {
        assertThat(manifests.generic(MONITORING, "PrometheusRule")).hasSize(1);
        assertThat(groups(prometheusRule())).isNotEmpty()
                .allSatisfy(group -> assertThat(list(group.get("rules"))).as("rules of %s", group.get("name"))
                        .isNotEmpty());
    }

    @Test
    void everyRuleIsAnAlertSayingHowSevereItIsAndWhatToDo() {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map<String, Object> rule : rules()) {
            String name = String.valueOf(rule.get("alert"));
            Map<String, Object> labels = map(rule.getOrDefault("labels", Map.of()));
            Map<String, Object> annotations = map(rule.getOrDefault("annotations", Map.of()));
            if (rule.get("alert") == null || !names.add(name)) {
                problems.add(name + ": no alert name, or the name is used twice (a recording rule is not expected)");
            }
            if (!(rule.get("expr") instanceof String expr) || expr.isBlank()) {
                problems.add(name + ": no expr");
            }
            if (!(rule.get("for") instanceof String duration) || !DURATION.matcher(duration).matches()) {
                problems.add(name + ": for is " + rule.get("for") + ", not a duration");
            }
            if (!SEVERITIES.contains(String.valueOf(labels.get("severity")))) {
                problems.add(name + ": severity is " + labels.get("severity") + ", not one of " + SEVERITIES);
            }
            for (String annotation : List.of("summary", "description", "runbook")) {
                if (!(annotations.get(annotation) instanceof String text) || text.isBlank()) {
                    problems.add(name + ": no " + annotation + " annotation");
                }
            }
        }

        assertThat(names).as("alerts").isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMetricInTheRulesAndTheDashboardIsRegisteredByAServiceOrProvidedByTheDeployment() {
        assertThat(meters.seriesLabels()).as("meters found in the services' sources")
                .containsKeys("relay_provider_calls_total", "relay_ingest_requests_total",
                        "relay_aggregator_rows_inserted_total");

        assertThat(unknownMetrics(queries())).isEmpty();
    }

    @Test
    void aMisspeltMetricIsReported() {
        List<Query> misspelt = List.of(new Query("test", "sum(rate(relay_provider_call_total[5m]))", List.of()),
                new Query("test", "relay_worker_dead_letters", List.of()));

        assertThat(unknownMetrics(misspelt)).containsExactly(
                "test: relay_provider_call_total", "test: relay_worker_dead_letters");
    }

    @Test
    void everyLabelUsedExistsOnTheMetricsItIsUsedWith() {
        List<String> problems = new ArrayList<>();
        for (Query query : queries()) {
            Set<String> known = new TreeSet<>(TARGET_LABELS);
            PromQl.metrics(query.expression()).forEach(metric -> known.addAll(labelsOf(metric)));
            Set<String> used = labelsUsed(query);
            used.removeAll(known);
            if (!used.isEmpty()) {
                problems.add(query.place() + ": " + used + " not among " + known);
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void noRuleOrPanelFiltersGroupsOrPrintsByAPerCallerOrPerRequestLabel() {
        List<String> found = new ArrayList<>();
        for (Query query : queries()) {
            labelsUsed(query).stream().filter(label -> HIGH_CARDINALITY.matcher(label).matches())
                    .forEach(label -> found.add(query.place() + ": " + label));
        }

        assertThat(found).isEmpty();
        assertThat(labelsUsed(new Query("test", "sum by (user_id) (rate(x[5m]))", List.of("{{team}}"))))
                .as("the check itself").filteredOn(label -> HIGH_CARDINALITY.matcher(label).matches())
                .containsExactlyInAnyOrder("user_id", "team");
    }

    @Test
    void theDashboardParsesHasUniquePanelIdsAndAsksForItsDataSource() {
        JsonNode dashboard = dashboard();
        List<JsonNode> panels = panels(dashboard);
        List<Integer> ids = panels.stream().map(p -> p.path("id").asInt(-1)).toList();
        JsonNode datasource = dashboard.path("templating").path("list").findValues("name").stream()
                .filter(name -> name.asText().equals("datasource")).findFirst().orElse(null);

        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(ids).as("panel ids").doesNotContain(-1).doesNotHaveDuplicates();
        assertThat(datasource).as("a template variable named datasource").isNotNull();
        assertThat(dashboard.path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
        assertThat(panels).filteredOn(p -> !p.path("type").asText().equals("row")).isNotEmpty()
                .allSatisfy(panel -> {
                    assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s",
                            panel.path("title")).isEqualTo("${datasource}");
                    assertThat(panel.path("targets")).as("targets of %s", panel.path("title")).isNotEmpty();
                    panel.path("targets").forEach(target -> assertThat(target.path("expr").asText())
                            .as("expr of %s", panel.path("title")).isNotBlank());
                });
    }

    @Test
    void theDashboardConfigMapIsAVerbatimCopyOfTheJsonFileForGrafanasSidecar() {
        ConfigMap configMap = manifests.require(ConfigMap.class, DASHBOARD_CONFIG_MAP);

        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(configMap.getData()).containsOnlyKeys(DASHBOARD_FILE);
        assertThat(configMap.getData().get(DASHBOARD_FILE))
                .as("data of ConfigMap %s: copy grafana/%s into it", DASHBOARD_CONFIG_MAP, DASHBOARD_FILE)
                .isEqualTo(read(GRAFANA.resolve(DASHBOARD_FILE)));
    }

    @Test
    void metricNamesAndLabelsAreFoundInPromQl() {
        String expression = """
                sum by (provider, le) (rate(relay_provider_call_duration_seconds_bucket{outcome!~"a|b"}[$__rate_interval]))
                  / on (provider) group_left sum(rate(relay_provider_calls_total[5m] offset 1h)) * 1e6
                  and deriv(max(kafka_lag{container="x", topic=~"llm.*"})[10m:1m]) > 0.5
                  or absent(up{job="j"})
                """;

        assertThat(PromQl.metrics(expression)).containsExactlyInAnyOrder(
                "relay_provider_call_duration_seconds_bucket", "relay_provider_calls_total", "kafka_lag", "up");
        assertThat(PromQl.labels(expression)).containsExactlyInAnyOrder(
                "provider", "le", "outcome", "container", "topic", "job");
        assertThat(PromQl.placeholders("{{provider}} p95 {{ $labels.model }} {{ $value | humanize }}"))
                .containsExactlyInAnyOrder("provider", "model");
    }

    @Test
    void metersAreReadFromSourcesAsTheirPrometheusSeries() {
        MeterCatalog catalog = MeterCatalog.parse("""
                Counter.builder("relay.a.calls").tags("provider", provider, "outcome", o).register(r);
                Timer.builder("relay.a.duration").tag("provider", p).publishPercentileHistogram().register(r);
                Timer.builder("relay.a.wait").register(r);
                Gauge.builder("relay.a.in.flight", x, X::get).register(r);
                Gauge.builder("relay.a.state", s, S::worst).tags("provider", target.provider(), "model", m(a, b))
                        .register(r);
                new KafkaClientMetrics(consumer);
                """);

        assertThat(catalog.seriesLabels()).containsOnlyKeys("relay_a_calls_total",
                "relay_a_duration_seconds_count", "relay_a_duration_seconds_sum", "relay_a_duration_seconds_max",
                "relay_a_duration_seconds_bucket", "relay_a_wait_seconds_count", "relay_a_wait_seconds_sum",
                "relay_a_wait_seconds_max", "relay_a_in_flight", "relay_a_state");
        assertThat(catalog.seriesLabels().get("relay_a_calls_total")).containsExactlyInAnyOrder("provider", "outcome");
        assertThat(catalog.seriesLabels().get("relay_a_duration_seconds_bucket")).containsExactlyInAnyOrder(
                "provider", "le");
        // tag values that are calls themselves do not end the list
        assertThat(catalog.seriesLabels().get("relay_a_state")).containsExactlyInAnyOrder("provider", "model");
        assertThat(catalog.binders()).containsExactly("KafkaClientMetrics");
    }

    private List<String> unknownMetrics(List<Query> queries) {
        List<String> unknown = new ArrayList<>();
        for (Query query : queries) {
            for (String metric : PromQl.metrics(query.expression())) {
                External external = externals.get(metric);
                boolean known = meters.seriesLabels().containsKey(metric)
                        || external != null && external.provided().test(this);
                if (!known) {
                    unknown.add(query.place() + ": " + metric);
                }
            }
        }
        return unknown;
    }

    private Set<String> labelsOf(String metric) {
        Set<String> labels = meters.seriesLabels().get(metric);
        if (labels != null) {
            return labels;
        }
        return externals.containsKey(metric) ? externals.get(metric).labels() : Set.of();
    }

    private static Set<String> labelsUsed(Query query) {
        Set<String> labels = new TreeSet<>(PromQl.labels(query.expression()));
        query.templates().forEach(template -> labels.addAll(PromQl.placeholders(template)));
        return labels;
    }

    /** Every rule expression (with its annotations) and every dashboard target (with its legend). */
    private List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (Map<String, Object> rule : rules()) {
            List<String> templates = map(rule.getOrDefault("annotations", Map.of())).values().stream()
                    .map(String::valueOf).toList();
            queries.add(new Query("alert " + rule.get("alert"), String.valueOf(rule.get("expr")), templates));
        }
        for (JsonNode panel : panels(dashboard())) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query("panel " + panel.path("title").asText() + " " + target.path("refId").asText(),
                        target.path("expr").asText(), List.of(target.path("legendFormat").asText())));
            }
        }
        return queries;
    }

    private GenericKubernetesResource prometheusRule() {
        List<GenericKubernetesResource> rules = manifests.generic(MONITORING, "PrometheusRule");
        assertThat(rules).as("PrometheusRules").isNotEmpty();
        return rules.getFirst();
    }

    private static List<Map<String, Object>> groups(GenericKubernetesResource rule) {
        return list(map(rule.getAdditionalProperties().get("spec")).get("groups"));
    }

    private List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (GenericKubernetesResource resource : manifests.generic(MONITORING, "PrometheusRule")) {
            groups(resource).forEach(group -> rules.addAll(list(group.get("rules"))));
        }
        return rules;
    }

    private static JsonNode dashboard() {
        try {
            return JSON.readTree(read(GRAFANA.resolve(DASHBOARD_FILE)));
        } catch (IOException e) {
            throw new AssertionError("grafana/" + DASHBOARD_FILE + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Top-level panels and those inside collapsed rows. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return new LinkedHashMap<>((Map<String, Object>) value);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
