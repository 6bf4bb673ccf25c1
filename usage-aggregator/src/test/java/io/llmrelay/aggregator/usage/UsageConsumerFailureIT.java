package io.llmrelay.aggregator.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A consumer thread that dies must take the application down with it, or the replica stays up storing
 * nothing. The failure is real, not a mocked consumer: the thread is interrupted, so its next poll
 * throws Kafka's InterruptException, which the poll loop does not handle.
 */
@ExtendWith(OutputCaptureExtension.class)
class UsageConsumerFailureIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String UNEXPECTED_STOP = "the usage consumer stopped unexpectedly";

    private final PostgresServer postgres = SharedInfra.postgres();
    private UsageTopics topics;
    private RunningAggregator aggregator;

    @BeforeEach
    void startAggregatorAndStoreOneEvent() {
        topics = new UsageTopics();
        String jdbcUrl = postgres.createDatabase("agg_" + UsageTopics.randomHex());
        aggregator = RunningAggregator.start(topics.aggregatorProperties(jdbcUrl, postgres.username(), postgres.password()));
        topics.send(UsageEvents.priced("req-while-healthy", 1, "user-failure").build());
        await().atMost(WAIT).until(() -> aggregator.metrics().rowsInserted() == 1);
    }

    @AfterEach
    void close() {
        aggregator.close();
        topics.close();
    }

    @Test
    void closesTheApplicationWhenTheConsumerThreadDiesSoThatThePodIsRestarted(CapturedOutput output) {
        consumerThread().interrupt();

        await().atMost(WAIT).until(() -> !aggregator.active());
        assertThat(output.getOut()).contains(UNEXPECTED_STOP).contains("InterruptException");
    }

    @Test
    void anOrderlyShutdownIsNotTakenForAFailure(CapturedOutput output) {
        Thread consumer = consumerThread();

        aggregator.close();

        assertThat(consumer.isAlive()).isFalse();
        assertThat(output.getOut()).doesNotContain(UNEXPECTED_STOP);
    }

    /** The one live consumer thread in this JVM; other tests have closed their aggregators. */
    private static Thread consumerThread() {
        List<Thread> consumers = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("usage-consumer") && thread.isAlive())
                .toList();
        assertThat(consumers).as("live usage-consumer threads").hasSize(1);
        return consumers.getFirst();
    }
}
