package io.llmrelay.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RequestConsumerTest {

    private static final TopicPartition P0 = new TopicPartition("llm.requests", 0);
    private static final RequestConsumer.ConsumerSettings SETTINGS =
            new RequestConsumer.ConsumerSettings(100, 10, Duration.ofMillis(10), Duration.ofSeconds(5));

    @Test
    void aRecordThatCanBeNeitherAnsweredNorDeadLetteredStopsTheWorkerOnce() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            consumer.addRecord(record(0));
            consumer.addRecord(record(1));
        });
        AtomicInteger handled = new AtomicInteger();
        AtomicInteger fatal = new AtomicInteger();
        RequestConsumer requests = new RequestConsumer(() -> consumer, P0.topic(), record -> {
            handled.incrementAndGet();
            throw new IllegalStateException("the result and the dead letter were both refused");
        }, SETTINGS, Clock.systemUTC(), fatal::incrementAndGet);

        requests.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() == 2 && fatal.get() > 0);
        } finally {
            requests.stop();
        }

        assertThat(fatal.get()).as("stopped once, for two such records").isEqualTo(1);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>(P0.topic(), P0.partition(), offset, new byte[0], new byte[0]);
    }
}
