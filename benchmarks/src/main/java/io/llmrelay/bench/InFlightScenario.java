package io.llmrelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmrelay.local.ServiceLauncher;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * How many provider calls one worker holds in flight against a 1 s provider, and at what memory: a
 * worker in its own JVM (so its RSS is its own) consumes a burst of requests from its own topics.
 */
final class InFlightScenario {

    record Result(int requests, int peakInFlight, long peakRssMb, double drainSeconds, int answered) {
    }

    private static final String PREFIX = "bench-inflight.";

    private InFlightScenario() {
    }

    static Result run(String bootstrapServers, MockProvider mock, int requests, String heap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            TopicProvisioner.ensure(admin, Topics.allWithPrefix(PREFIX), (short) 1);
        }
        Process worker = startWorker(bootstrapServers, mock, requests, heap);
        try (var results = resultsConsumer(bootstrapServers)) {
            produce(bootstrapServers, requests);
            long start = System.nanoTime();
            int peakInFlight = 0;
            long peakRss = 0;
            Set<String> answered = new HashSet<>();
            long until = start + Duration.ofMinutes(3).toNanos();
            while (answered.size() < requests && System.nanoTime() < until && worker.isAlive()) {
                for (ConsumerRecord<String, CompletionResult> r : results.poll(Duration.ofMillis(100))) {
                    answered.add(r.key());
                }
                peakInFlight = Math.max(peakInFlight, mock.inFlight());
                peakRss = Math.max(peakRss, rssMb(worker.pid()));
            }
            return new Result(requests, peakInFlight, peakRss, (System.nanoTime() - start) / 1e9, answered.size());
        } finally {
            worker.destroy();
            worker.waitFor();
        }
    }

    private static Process startWorker(String bootstrap, MockProvider mock, int requests, String heap) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                ServiceLauncher.class.getName(), "provider-worker",
                "--relay.kafka.bootstrap-servers=" + bootstrap,
                "--relay.kafka.topic-prefix=" + PREFIX,
                "--relay.worker.group-id=bench-inflight-worker",
                "--relay.worker.instance-id=bench-inflight-worker",
                "--relay.worker.max-in-flight=" + (requests + 1_000),
                "--relay.provider.base-url=" + mock.baseUrl(),
                "--relay.provider.api-key=bench"));
        Path log = Files.createTempFile("bench-worker", ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static KafkaConsumer<String, CompletionResult> resultsConsumer(String bootstrap) {
        Topic<String, CompletionResult> results = Topics.RESULTS.withPrefix(PREFIX);
        KafkaConsumer<String, CompletionResult> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                results.keySerde().deserializer(), results.valueSerde().deserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < results.partitions(); p++) {
            partitions.add(new TopicPartition(results.name(), p));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static void produce(String bootstrap, int requests) {
        Topic<String, CompletionRequest> topic = Topics.REQUESTS.withPrefix(PREFIX);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "linger.ms", 5),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (int i = 0; i < requests; i++) {
                CompletionRequest request = Requests.kafka(null, Duration.ofMinutes(5));
                request.setUserId("bench-user-" + (i % 97));
                producer.send(new ProducerRecord<>(topic.name(), request.getUserId(), request));
            }
        }
    }

    static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0; // the process has exited
        }
        return 0;
    }
}
