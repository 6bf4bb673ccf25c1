package io.llmrelay.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmrelay.local.ServiceLauncher;
import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a provider outage costs: one worker with a route of two OpenAI-compatible providers (each a mock answering in
 * 20 ms), measured on the Kafka-native path with the primary healthy, then with the primary answering 500 to
 * everything (after a warm-up in which its breaker opens), and the same again with breakers turned off.
 */
final class FallbackScenario {

    record Row(String name, Stats stats, long primaryCalls, long fallbackCalls) {
    }

    private static final Duration PROVIDER_LATENCY = Duration.ofMillis(20);

    private FallbackScenario() {
    }

    static List<Row> run(String bootstrapServers, int requests, int concurrency) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (boolean breakers : List.of(true, false)) {
            String prefix = "bench-fallback-" + (breakers ? "breakers" : "none") + ".";
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
                TopicProvisioner.ensure(admin, Topics.allWithPrefix(prefix), (short) 1);
            }
            try (MockProvider primary = MockProvider.start(MockBehaviour.healthy().withLatency(PROVIDER_LATENCY));
                 MockProvider fallback = MockProvider.start(MockBehaviour.healthy().withLatency(PROVIDER_LATENCY))) {
                ConfigurableApplicationContext worker = ServiceLauncher.start("provider-worker",
                        workerArgs(bootstrapServers, prefix, primary, fallback, breakers));
                try (KafkaScenario kafka = new KafkaScenario(bootstrapServers, prefix, 0)) {
                    String label = breakers ? "with breakers" : "without breakers";
                    LoadGenerator.run(concurrency, Math.min(3_000, requests), kafka::call);
                    rows.add(measure("primary healthy, " + label, requests, concurrency, kafka, primary, fallback));
                    primary.behaviour(MockBehaviour.healthy().withLatency(PROVIDER_LATENCY).withErrorRate(1.0));
                    // long enough for the breaker to open (5 failures) and the requests in flight to drain
                    LoadGenerator.run(concurrency, Math.min(500, requests), kafka::call);
                    rows.add(measure("primary down (500s), " + label, requests, concurrency, kafka, primary, fallback));
                } finally {
                    worker.close();
                }
            }
        }
        return rows;
    }

    private static Row measure(String name, int requests, int concurrency, KafkaScenario kafka, MockProvider primary,
                               MockProvider fallback) throws InterruptedException {
        System.out.println("measuring fallback: " + name + " at " + concurrency + " requests in flight…");
        long primaryBefore = primary.requestCount();
        long fallbackBefore = fallback.requestCount();
        Stats stats = LoadGenerator.run(concurrency, requests, kafka::call);
        return new Row(name, stats, primary.requestCount() - primaryBefore, fallback.requestCount() - fallbackBefore);
    }

    private static List<String> workerArgs(String bootstrap, String prefix, MockProvider primary,
                                           MockProvider fallback, boolean breakers) {
        String route = "relay.routing.routes.gpt-4o-mini.targets";
        return List.of(
                "--server.port=0",
                "--relay.kafka.bootstrap-servers=" + bootstrap,
                "--relay.kafka.topic-prefix=" + prefix,
                "--relay.worker.group-id=" + prefix + "worker",
                "--relay.worker.instance-id=" + prefix + "worker",
                "--relay.providers.primary.kind=openai-compatible",
                "--relay.providers.primary.base-url=" + primary.baseUrl(),
                "--relay.providers.primary.api-key=bench",
                "--relay.providers.fallback.kind=openai-compatible",
                "--relay.providers.fallback.base-url=" + fallback.baseUrl(),
                "--relay.providers.fallback.api-key=bench",
                "--" + route + "[0].provider=primary",
                "--" + route + "[0].model=gpt-4o-mini",
                "--" + route + "[1].provider=fallback",
                "--" + route + "[1].model=gpt-4o-mini",
                "--relay.breaker.enabled=" + breakers,
                "--relay.breaker.wait-open=5m",
                "--relay.retry-topic.max-parks=0",
                "--spring.main.banner-mode=off",
                "--logging.threshold.console=WARN");
    }
}
