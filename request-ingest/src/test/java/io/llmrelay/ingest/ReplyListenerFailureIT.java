package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.llmrelay.ingest.reply.ReplyStats;
import io.llmrelay.schemas.topic.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A replica whose reply listener has died would answer every later request with a 504, so it closes itself to be
 * restarted. The failure is real, not a mocked consumer: the listener's thread is interrupted, so its poll throws
 * Kafka's InterruptException.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplyListenerFailureIT {

    /** No other test uses it, so the listener thread's name ("reply-listener-" + partition) is this instance's. */
    private static final int REPLY_PARTITION = 3;
    private static final String UNEXPECTED_STOP = "stopped unexpectedly";

    private TestTopics topics;
    private IngestInstance ingest;

    @BeforeEach
    void startListening() {
        topics = TestTopics.create();
        ingest = IngestInstance.start(topics, "relay.ingest.instance-id=it-listener-failure",
                "relay.ingest.reply-partition=" + REPLY_PARTITION);
        assertThat(ingest.bean(ReplyStats.class).listening()).isTrue();
    }

    @AfterEach
    void close() {
        ingest.close();
    }

    @Test
    void closesTheApplicationWhenTheReplyListenerDiesSoThatThePodIsRestarted(CapturedOutput output) {
        listenerThread().interrupt();

        await().atMost(Duration.ofSeconds(30)).until(() -> !ingest.active());
        assertThat(output.getOut())
                .contains("the reply listener on " + topics.of(Topics.RESULTS).name() + " partition " + REPLY_PARTITION
                        + " " + UNEXPECTED_STOP)
                .contains("InterruptException");
    }

    @Test
    void anOrderlyShutdownIsNotTakenForAFailure(CapturedOutput output) {
        Thread listener = listenerThread();

        ingest.close();

        assertThat(listener.isAlive()).isFalse();
        assertThat(output.getOut()).doesNotContain(UNEXPECTED_STOP);
    }

    private static Thread listenerThread() {
        List<Thread> listeners = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("reply-listener-" + REPLY_PARTITION) && thread.isAlive())
                .toList();
        assertThat(listeners).as("live reply listener threads of partition " + REPLY_PARTITION).hasSize(1);
        return listeners.getFirst();
    }
}
