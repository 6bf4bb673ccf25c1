package io.llmrelay.worker.completion;

import java.time.Clock;
import java.time.Duration;

import io.llmrelay.worker.consumer.RecordHandler;
import io.llmrelay.worker.publish.ParkedRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles a record of the retry topic: waits until its retry time (on the record's virtual thread, which holds no
 * platform thread while it sleeps; a request is only parked until a time its deadline leaves room after) and hands
 * it to the request processor as if it came from {@code llm.requests}. Its offset is committed only once it is
 * answered or parked again, so a worker that stops while waiting leaves it to another.
 */
public final class ParkedRequests implements RecordHandler {

    private final RecordHandler processor;
    private final Clock clock;

    public ParkedRequests(RecordHandler processor, Clock clock) {
        this.processor = processor;
        this.clock = clock;
    }

    @Override
    public void handle(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        ParkedRequest.History history = ParkedRequest.History.of(record.headers());
        if (history.notBefore().isPresent()) {
            Duration wait = Duration.between(clock.instant(), history.notBefore().get());
            if (wait.isPositive()) {
                Thread.sleep(wait);
            }
        }
        processor.handle(record);
    }
}
