package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** In-flight calls are bounded by configuration, not by partitions or threads. */
class ConcurrencyIT {

    @Test
    void runsHundredsOfSlowCallsAtOnceOnTwelvePartitions() {
        int requests = 500;
        Duration latency = Duration.ofSeconds(1);
        try (RelayTopics relay = new RelayTopics();
             MockProvider mock = MockProvider.start(MockBehaviour.healthy().withLatency(latency));
             ConfigurableApplicationContext _ = Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "w"));
             TopicReader<String, CompletionResult> results = relay.reader(relay.topics.results())) {
            List<CompletionRequest> batch = IntStream.range(0, requests)
                    .mapToObj(i -> Requests.request("Request " + i).build()).toList();
            long started = System.nanoTime();

            relay.sendAll(batch);

            // the proof of concurrency: one call at a time per partition would never have more than 12 open
            AtomicInteger peak = new AtomicInteger();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> peak.accumulateAndGet(mock.inFlight(), Math::max) > 200);
            Set<String> answered = await().atMost(Duration.ofSeconds(60)).pollInSameThread()
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        peak.accumulateAndGet(mock.inFlight(), Math::max);
                        return succeeded(results);
                    }, ids -> ids.size() == requests);
            // how long it took is printed, not asserted: on a loaded build machine it says more about the machine
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            assertThat(answered).containsAll(batch.stream().map(CompletionRequest::getRequestId).toList());
            System.out.printf("%d requests of %d ms each answered in %d ms on %d partitions, up to %d calls open%n",
                    requests, latency.toMillis(), elapsed.toMillis(), relay.topics.requests().partitions(), peak.get());
        }
    }

    @Test
    void neverHasMoreCallsOpenThanMaxInFlight() {
        int requests = 200;
        AtomicInteger peak = new AtomicInteger();
        try (RelayTopics relay = new RelayTopics();
             MockProvider mock = MockProvider.start(MockBehaviour.healthy().withLatency(Duration.ofMillis(500)));
             ConfigurableApplicationContext _ = Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "w",
                     "--relay.worker.max-in-flight=50"));
             TopicReader<String, CompletionResult> results = relay.reader(relay.topics.results())) {

            relay.sendAll(IntStream.range(0, requests).mapToObj(i -> Requests.request("Request " + i).build()).toList());

            await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        peak.accumulateAndGet(mock.inFlight(), Math::max);
                        return succeeded(results).size() == requests;
                    });
            assertThat(peak.get()).as("calls open at once").isLessThanOrEqualTo(50).isGreaterThan(25);
            System.out.printf("max-in-flight=50: at most %d calls open at once%n", peak.get());
        }
    }

    private static Set<String> succeeded(TopicReader<String, CompletionResult> results) {
        return results.records().stream().filter(r -> r.value().getStatus() == CompletionStatus.SUCCEEDED)
                .map(ConsumerRecord::key).collect(Collectors.toSet());
    }
}
