package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.worker.WorkerApplication;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Nothing is lost when a worker is killed with SIGKILL in the middle of provider calls. */
class WorkerCrashIT {

    private static final Duration CALL_DURING_THE_CRASH = Duration.ofSeconds(30);

    @Test
    void requestsInFlightInAKilledWorkerAreAnsweredByTheWorkerThatTakesOver() throws Exception {
        try (RelayTopics relay = new RelayTopics();
             MockProvider mock = MockProvider.start(MockBehaviour.healthy());
             TopicReader<String, CompletionResult> results = relay.reader(relay.topics.results())) {
            // calls of the crash batch last 30 s: an attempt must be allowed to wait that long, and then some
            List<String> args = Worker.args(relay, mock.baseUrl(), relay.prefix + "workers",
                    "--relay.provider.request-timeout=2m");
            Process doomed = startChildWorker(args, "doomed");
            ConfigurableApplicationContext survivor = null;
            try {
                List<CompletionRequest> answeredByDoomed = IntStream.range(0, 20)
                        .mapToObj(i -> Requests.request("before the crash " + i).build()).toList();
                relay.sendAll(answeredByDoomed);
                await().atMost(Duration.ofSeconds(90)).pollInSameThread()
                        .until(() -> answeredIds(results).size() == 20);

                // each call lasts long enough that all 30 are surely open when the worker is killed, however slowly
                // a loaded machine lets the child JVM dispatch them
                List<CompletionRequest> inFlightAtCrash = IntStream.range(0, 30).mapToObj(i -> Requests
                        .request("during the crash " + i + " [mock:latency=" + CALL_DURING_THE_CRASH.toMillis() + "]")
                        .setDeadline(Instant.now().plus(Duration.ofMinutes(5))).build()).toList();
                long callsBefore = mock.requestCount();
                relay.sendAll(inFlightAtCrash);
                await().atMost(Duration.ofSeconds(60)).until(() -> mock.inFlight() == 30);
                doomed.destroyForcibly().waitFor();

                survivor = Worker.start(args);

                Set<String> expected = new HashSet<>();
                answeredByDoomed.forEach(r -> expected.add(r.getRequestId()));
                inFlightAtCrash.forEach(r -> expected.add(r.getRequestId()));
                // the group notices the dead member, then the redelivered calls take their 30 s again
                Set<String> answered = await().atMost(Duration.ofMinutes(3)).pollInSameThread()
                        .until(() -> answeredIds(results), ids -> ids.containsAll(expected));
                assertThat(answered).isEqualTo(expected);
                assertThat(mock.requestCount()).as("the second batch was called again").isGreaterThanOrEqualTo(callsBefore + 60);
                Map<String, Long> copies = results.records().stream()
                        .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
                System.out.printf("after SIGKILL: %d requests, %d results (%d duplicates)%n", expected.size(),
                        copies.values().stream().mapToLong(Long::longValue).sum(),
                        copies.values().stream().mapToLong(n -> n - 1).sum());
            } finally {
                doomed.destroyForcibly();
                if (survivor != null) {
                    survivor.close();
                }
            }
        }
    }

    private static Set<String> answeredIds(TopicReader<String, CompletionResult> results) {
        return results.records().stream().filter(r -> r.value().getStatus() == CompletionStatus.SUCCEEDED)
                .map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    /** The worker as its own JVM, so that it can be killed like a crashed pod. Output goes to target/. */
    private static Process startChildWorker(List<String> workerArgs, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                WorkerApplication.class.getName()));
        command.addAll(workerArgs);
        command.add("--relay.worker.instance-id=" + name);
        Path log = Files.createDirectories(Path.of("target", "child-workers")).resolve(name + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
