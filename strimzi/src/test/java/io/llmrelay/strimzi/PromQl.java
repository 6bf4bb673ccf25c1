package io.llmrelay.strimzi;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric and label names a PromQL expression uses, found with regular expressions rather than a parser: enough
 * for the expressions of the alert rules and the dashboard (selectors, aggregations with {@code by}/{@code without},
 * {@code on}/{@code ignoring} matching, ranges and subqueries, Grafana's {@code $variables}), not for PromQL at large.
 */
final class PromQl {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    /** An identifier not directly preceded by a word character or a dot (so not part of 1e6) and not a function call. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2",
            "by", "without", "on", "ignoring", "group_left", "group_right");
    /** Placeholders of Grafana legends and Prometheus annotations: {{outcome}}, {{ $labels.provider }}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(?:\\$labels\\.)?([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    private PromQl() {
    }

    /** The metric names of every selector in {@code expression}, e.g. {@code relay_provider_calls_total}. */
    static Set<String> metrics(String expression) {
        String rest = STRING.matcher(VARIABLE.matcher(expression).replaceAll("")).replaceAll("\"\"");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        Set<String> metrics = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group().toLowerCase(Locale.ROOT))) {
                metrics.add(identifier.group());
            }
        }
        return metrics;
    }

    /** The label names {@code expression} filters on (selectors) or groups and matches by. */
    static Set<String> labels(String expression) {
        String rest = STRING.matcher(VARIABLE.matcher(expression).replaceAll("")).replaceAll("\"\"");
        Set<String> labels = new TreeSet<>();
        Matcher matchers = MATCHERS.matcher(rest);
        while (matchers.find()) {
            Matcher label = MATCHER_LABEL.matcher(matchers.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        Matcher grouping = GROUPING.matcher(rest);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }

    /** The labels a legend format or an annotation template prints. */
    static Set<String> placeholders(String template) {
        Set<String> labels = new TreeSet<>();
        Matcher placeholder = PLACEHOLDER.matcher(template == null ? "" : template);
        while (placeholder.find()) {
            labels.add(placeholder.group(1));
        }
        return labels;
    }
}
