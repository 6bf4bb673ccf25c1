package io.llmrelay.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.llmrelay.local.LocalSettings;
import io.llmrelay.local.LocalStack;
import io.llmrelay.mock.MockBehaviour;

/**
 * {@code ./run-benchmarks.sh}: starts the local stack with the mock provider at 0 ms and prints
 * throughput, latency and in-flight capacity. Numbers depend on the machine; everything (load
 * generator, broker, services, mock) shares its cores.
 */
public final class RelayBenchmark {

    private RelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        // "fallback": only the provider-outage table
        boolean onlyFallback = args.length > 1 && args[1].equals("fallback");
        int total = 20_000 * scale;
        int concurrency = 64;
        List<String[]> rows = new ArrayList<>();
        LocalSettings settings = LocalSettings.ephemeral(Files.createTempDirectory("llm-relay-bench"));
        try (LocalStack stack = LocalStack.start(settings, part -> System.out.println("starting " + part))) {
            if (onlyFallback) {
                printFallback(FallbackScenario.run(stack.bootstrapServers(), 5_000 * scale, concurrency));
                System.exit(0);
            }
            HttpScenario direct = new HttpScenario(stack.mock().baseUrl(), "bench");
            HttpScenario relay = new HttpScenario(stack.ingestUrl(), stack.relayKey());
            System.out.println("warming up…");
            LoadGenerator.run(concurrency, 5_000, direct::call);
            LoadGenerator.run(concurrency, 5_000, relay::call);

            Stats directSerial = measure(rows, "direct to mock (0 ms)", 1, 2_000, direct::call);
            measure(rows, "direct to mock (0 ms)", concurrency, total, direct::call);
            Stats httpSerial = measure(rows, "HTTP path (ingest→Kafka→worker→mock→Kafka)", 1, 2_000, relay::call);
            measure(rows, "HTTP path (ingest→Kafka→worker→mock→Kafka)", concurrency, total, relay::call);
            Stats kafkaSerial;
            try (KafkaScenario kafka = new KafkaScenario(stack.bootstrapServers(), "", 11)) {
                LoadGenerator.run(concurrency, 2_000, kafka::call);
                kafkaSerial = measure(rows, "Kafka-native path (produce→worker→mock→result)", 1, 2_000, kafka::call);
                measure(rows, "Kafka-native path (produce→worker→mock→result)", concurrency, total, kafka::call);
            }
            printTable(rows);
            System.out.printf("%nadded latency over a direct call at 1 connection: HTTP path p50 +%.2f ms, p99 +%.2f ms;"
                            + " Kafka-native p50 +%.2f ms, p99 +%.2f ms%n",
                    httpSerial.p50Ms() - directSerial.p50Ms(), httpSerial.p99Ms() - directSerial.p99Ms(),
                    kafkaSerial.p50Ms() - directSerial.p50Ms(), kafkaSerial.p99Ms() - directSerial.p99Ms());

            printFallback(FallbackScenario.run(stack.bootstrapServers(), 5_000 * scale, concurrency));

            stack.mock().behaviour(MockBehaviour.healthy().withLatency(Duration.ofSeconds(1)));
            int inFlightRequests = 10_000 * scale;
            System.out.println("\nin-flight: one worker JVM, " + inFlightRequests + " requests, provider latency 1 s…");
            InFlightScenario.Result r = InFlightScenario.run(stack.bootstrapServers(), stack.mock(), inFlightRequests, "512m");
            System.out.printf("%n%-34s %10s %14s %14s %12s%n", "in-flight scenario", "requests", "peak in flight",
                    "worker RSS MB", "drained in s");
            System.out.printf("%-34s %10d %14d %14d %12.1f%n", "one worker, 1 s provider, -Xmx512m", r.requests(),
                    r.peakInFlight(), r.peakRssMb(), r.drainSeconds());
            if (r.answered() < r.requests()) {
                System.out.println("only " + r.answered() + " of " + r.requests() + " answered within 3 minutes");
            }
        }
        System.exit(0);
    }

    private static void printFallback(List<FallbackScenario.Row> fallback) {
        String format = "%-42s %9s %7s %9s %9s %9s %13s %14s%n";
        System.out.printf("%n" + format, "fallback scenario (Kafka-native, 20 ms providers)", "requests", "errors",
                "req/s", "p50 ms", "p99 ms", "primary calls", "fallback calls");
        for (FallbackScenario.Row row : fallback) {
            System.out.printf(format, row.name(), row.stats().requests(), row.stats().errors(),
                    String.format("%.0f", row.stats().perSecond()), String.format("%.2f", row.stats().p50Ms()),
                    String.format("%.2f", row.stats().p99Ms()), row.primaryCalls(), row.fallbackCalls());
        }
        System.out.printf("throughput with the primary down, as a share of the healthy case: %.0f %% with breakers"
                        + " (target >= 90 %%), %.0f %% without%n",
                100 * fallback.get(1).stats().perSecond() / fallback.get(0).stats().perSecond(),
                100 * fallback.get(3).stats().perSecond() / fallback.get(2).stats().perSecond());
    }

    private static Stats measure(List<String[]> rows, String name, int concurrency, int total, LoadGenerator.Call call)
            throws InterruptedException {
        System.out.println("measuring " + name + " at " + concurrency + " connection(s)…");
        Stats s = LoadGenerator.run(concurrency, total, call);
        rows.add(new String[] {name, Integer.toString(concurrency), Integer.toString(s.requests()),
                Integer.toString(s.errors()), String.format("%.0f", s.perSecond()), String.format("%.2f", s.p50Ms()),
                String.format("%.2f", s.p99Ms())});
        return s;
    }

    private static void printTable(List<String[]> rows) {
        String format = "%-48s %6s %9s %7s %9s %9s %9s%n";
        System.out.printf("%n" + format, "scenario", "conns", "requests", "errors", "req/s", "p50 ms", "p99 ms");
        for (String[] row : rows) {
            System.out.printf(format, (Object[]) row);
        }
    }
}
