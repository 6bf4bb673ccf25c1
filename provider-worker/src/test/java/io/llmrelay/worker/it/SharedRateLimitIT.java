package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.testkit.SharedInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three workers share one provider's requests-per-window limit through PostgreSQL. The mock provider enforces the
 * same limit (10 requests per 2 s, windows aligned to the epoch as the relay's are) and answers 429 past it: if the
 * workers together ever sent more than the limit in a window, the mock would have refused some. It must refuse none,
 * and every request must still be answered, the ones over the limit by waiting for later windows.
 */
class SharedRateLimitIT {

    private static final int LIMIT = 10;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final int REQUESTS = 45;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeAfter.reversed()) {
            closeable.close();
        }
    }

    @Test
    void threeWorkersNeverExceedTheProvidersLimitTogetherAndLoseNothing() throws Exception {
        RelayTopics relay = new RelayTopics();
        closeAfter.add(relay);
        MockProvider mock = MockProvider.start(MockBehaviour.healthy());
        closeAfter.add(mock);
        mock.limitRequests(LIMIT, WINDOW);
        String jdbcUrl = SharedInfra.postgres().createDatabase(
                "limits_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        for (String id : List.of("w1", "w2", "w3")) {
            closeAfter.add(Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "workers",
                    "--relay.worker.instance-id=" + id,
                    "--relay.rate-limits.limits[0].provider=openai",
                    "--relay.rate-limits.limits[0].rpm=" + LIMIT,
                    "--relay.rate-limits.limits[0].period=" + WINDOW.toMillis() + "ms",
                    "--relay.rate-limits.datasource.url=" + jdbcUrl,
                    "--relay.rate-limits.datasource.username=" + SharedInfra.postgres().username(),
                    "--relay.rate-limits.datasource.password=" + SharedInfra.postgres().password())));
        }
        List<CompletionRequest> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(Requests.request("hello " + i).build());
        }

        // the requests go out at once, early in a window: the first window's grants reach the mock in that window too
        long left = WINDOW.toMillis() - System.currentTimeMillis() % WINDOW.toMillis();
        if (left < WINDOW.toMillis() / 2) {
            Thread.sleep(left + 100);
        }
        relay.sendAll(requests);

        Set<String> ids = requests.stream().map(CompletionRequest::getRequestId).collect(Collectors.toSet());
        try (TopicReader<String, CompletionResult> results = relay.reader(relay.topics.results());
             TopicReader<String, UsageEvent> usage = relay.reader(relay.topics.usage())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> results.records().stream().map(ConsumerRecord::key)
                    .filter(ids::contains).distinct().count() == REQUESTS);
            List<CompletionResult> mine = results.records().stream().filter(r -> ids.contains(r.key()))
                    .map(ConsumerRecord::value).toList();
            assertThat(mine).hasSize(REQUESTS)
                    .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED));
            assertThat(mine.stream().collect(Collectors.groupingBy(CompletionResult::getRequestId,
                    Collectors.counting())).values()).containsOnly(1L);
            await().atMost(Duration.ofSeconds(30)).until(() -> usage.records().stream()
                    .filter(r -> ids.contains(r.value().getRequestId())).count() == mock.requestCount());
        }
        assertThat(mock.requestsRefusedByLimit()).as("requests the provider refused for being over its limit")
                .isZero();
        assertThat(mock.peakRequestsPerWindow()).isEqualTo(LIMIT);
        assertThat(mock.requestCount()).isEqualTo(REQUESTS);
    }
}
