package io.llmrelay.strimzi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The meters the services register, read from their {@code src/main/java} (the services are not on this module's
 * classpath, and their meters exist only once a Spring context runs), and the Prometheus series each one becomes.
 * Micrometer's Prometheus naming: dots become underscores, counters end in {@code _total}, timers in
 * {@code _seconds_count}, {@code _seconds_sum}, {@code _seconds_max} and, with a percentile histogram,
 * {@code _seconds_bucket} (label {@code le}).
 *
 * <p>Recognises {@code Counter.builder("name")} and its kin up to the chain's {@code .register(}, with tags given as
 * {@code .tag("key", ...)} or {@code .tags("key", value, "key", value...)}: the way the services write them.
 * {@link #binders} are the {@code new ...Metrics(} classes a source creates, e.g. Micrometer's
 * {@code KafkaClientMetrics}, whose meters are named by the Kafka client at run time.
 */
record MeterCatalog(Map<String, Set<String>> seriesLabels, Set<String> binders) {

    static final List<String> SERVICES = List.of("request-ingest", "provider-worker", "usage-aggregator");

    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|FunctionCounter|Timer|FunctionTimer|Gauge|TimeGauge|DistributionSummary)\\.builder\\(\\s*\"([^\"]+)\"");
    private static final Pattern TAG = Pattern.compile("\\.tag\\(\\s*\"([^\"]+)\"");
    private static final Pattern BINDER = Pattern.compile("\\bnew\\s+(\\w+Metrics)\\s*\\(");
    private static final Pattern TAGS = Pattern.compile("\\.tags\\(");

    /** The meters of the three services under {@code repository}. */
    static MeterCatalog of(Path repository) {
        Map<String, Set<String>> series = new TreeMap<>();
        Set<String> binders = new TreeSet<>();
        for (String service : SERVICES) {
            for (Path file : javaFiles(repository.resolve(service).resolve("src/main/java"))) {
                MeterCatalog meters = parse(read(file));
                series.putAll(meters.seriesLabels());
                binders.addAll(meters.binders());
            }
        }
        return new MeterCatalog(series, binders);
    }

    /** The meters registered in one Java source. */
    static MeterCatalog parse(String source) {
        Map<String, Set<String>> series = new TreeMap<>();
        Matcher builder = BUILDER.matcher(source);
        while (builder.find()) {
            int end = source.indexOf(".register(", builder.end());
            String chain = source.substring(builder.end(), end < 0 ? source.length() : end);
            Set<String> tags = tags(chain);
            String base = builder.group(2).replace('.', '_');
            switch (builder.group(1)) {
                case "Counter", "FunctionCounter" -> series.put(base.endsWith("_total") ? base : base + "_total", tags);
                case "Gauge" -> series.put(base, tags);
                case "TimeGauge" -> series.put(base + "_seconds", tags);
                case "Timer", "FunctionTimer", "DistributionSummary" -> {
                    String unit = builder.group(1).equals("DistributionSummary") ? base : base + "_seconds";
                    series.put(unit + "_count", tags);
                    series.put(unit + "_sum", tags);
                    if (!builder.group(1).equals("FunctionTimer")) {
                        series.put(unit + "_max", tags);
                    }
                    if (chain.contains("publishPercentileHistogram") || chain.contains("serviceLevelObjectives")) {
                        Set<String> withLe = new TreeSet<>(tags);
                        withLe.add("le");
                        series.put(unit + "_bucket", withLe);
                    }
                }
                default -> throw new IllegalStateException("unhandled meter type " + builder.group(1));
            }
        }
        Set<String> binders = new TreeSet<>();
        Matcher binder = BINDER.matcher(source);
        while (binder.find()) {
            binders.add(binder.group(1));
        }
        return new MeterCatalog(series, binders);
    }

    private static Set<String> tags(String chain) {
        Set<String> tags = new TreeSet<>();
        Matcher tag = TAG.matcher(chain);
        while (tag.find()) {
            tags.add(tag.group(1));
        }
        Matcher pairs = TAGS.matcher(chain);
        while (pairs.find()) {
            List<String> arguments = arguments(chain, pairs.end());
            for (int i = 0; i < arguments.size(); i += 2) {
                tags.add(arguments.get(i).strip().replace("\"", ""));
            }
        }
        return tags;
    }

    /**
     * The comma-separated arguments of the call whose {@code (} ends at {@code from}, up to its matching {@code )}:
     * values may be calls themselves ({@code .tags("provider", target.provider(), "model", model)}).
     */
    private static List<String> arguments(String source, int from) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ')' || (c == ',' && depth == 0)) {
                arguments.add(source.substring(start, i));
                start = i + 1;
                if (c == ')') {
                    break;
                }
            }
        }
        return arguments;
    }

    private static List<Path> javaFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("no sources at " + folder.toAbsolutePath());
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return new ArrayList<>(files.filter(f -> f.toString().endsWith(".java")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
