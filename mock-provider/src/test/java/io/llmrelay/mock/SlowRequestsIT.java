package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests that wait out a latency; slower than a unit test, hence an IT, though all I/O is loopback. */
class SlowRequestsIT {

    private MockProvider mock;
    private ChatClient client;

    @BeforeEach
    void start() {
        mock = MockProvider.start(MockBehaviour.healthy());
        client = new ChatClient(mock);
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void latencyDirectiveDelaysTheAnswerAtLeastThatLong() {
        long started = System.nanoTime();
        HttpResponse<String> response = client.chat("hi [mock:latency=1200]");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
    }

    @Test
    void latencyDirectiveCombinesWithAStatus() {
        long started = System.nanoTime();
        HttpResponse<String> response = client.chat("hi [mock:latency=300][mock:status=503]");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void behaviourLatencyDelaysEveryAnswer() {
        mock.behaviour(MockBehaviour.healthy().withLatency(Duration.ofMillis(400)));

        long started = System.nanoTime();
        HttpResponse<String> response = client.chat("hi");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void countsASlowRequestInFlightWhileItIsPending() {
        CompletableFuture<HttpResponse<String>> pending = client.postAsync(ChatClient.request("hi [mock:latency=1500]").toString());

        await().atMost(Duration.ofSeconds(1)).until(() -> mock.inFlight() == 1);
        assertThat(pending).isNotDone();
        assertThat(pending.join().statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(1)).until(() -> mock.inFlight() == 0);
    }

    @Test
    void answersAThousandConcurrentSlowRequests() {
        mock.behaviour(MockBehaviour.healthy().withLatency(Duration.ofMillis(200)));
        int requests = 1_000;

        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, requests)
                .mapToObj(i -> client.postAsync(ChatClient.request("request " + i).toString()))
                .toList();
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(responses).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
        assertThat(responses.get(999).join().body()).contains("Mock reply to: request 999");
        assertThat(mock.requestCount()).isEqualTo(requests);
        // serialised they would take 200 s; concurrently, a few times the latency even on a busy 2-core box
        assertThat(took).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void closeAbandonsRequestsStillWaitingOutTheirLatency() {
        CompletableFuture<HttpResponse<String>> pending = client.postAsync(ChatClient.request("hi [mock:latency=60000]").toString());
        await().atMost(Duration.ofSeconds(1)).until(() -> mock.inFlight() == 1);

        long started = System.nanoTime();
        mock.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(mock.inFlight()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(pending::isDone);
        assertThat(pending).isCompletedExceptionally();
    }
}
