package io.llmrelay.worker.completion;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.serde.AvroSerde;
import io.llmrelay.worker.consumer.RecordHandler;
import io.llmrelay.worker.provider.InvalidRequestException;
import io.llmrelay.worker.publish.OutcomePublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request record: exactly one result (and the usage of every billable attempt) for a request,
 * or a dead letter for a record that is not a request or cannot be answered. Returns once that is
 * acknowledged by Kafka; only then may the record's offset be committed.
 */
public final class RequestProcessor implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    private final AvroSerde<CompletionRequest> serde;
    private final AttemptLoop attempts;
    private final OutcomeRecords records;
    private final OutcomePublisher publisher;
    private final Clock clock;

    RequestProcessor(AvroSerde<CompletionRequest> serde, AttemptLoop attempts, OutcomeRecords records,
                     OutcomePublisher publisher, Clock clock) {
        this.serde = serde;
        this.attempts = attempts;
        this.records = records;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public void handle(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        Instant started = clock.instant();
        CompletionRequest request;
        try {
            request = serde.decode(record.value());
        } catch (SerializationException e) {
            log.warn("record {}-{}@{} is not a CompletionRequest ({}); sending it to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            publisher.deadLetter(record, e);
            return;
        }
        try {
            answer(request, started);
        } catch (RuntimeException e) {
            log.error("request {} from {}-{}@{} cannot be answered; sending it to the dead-letter topic",
                    request.getRequestId(), record.topic(), record.partition(), record.offset(), e);
            publisher.deadLetter(record, e);
        }
    }

    private void answer(CompletionRequest request, Instant started) throws InterruptedException {
        Integer replyPartition = request.getReplyTo() == null ? null : request.getReplyTo().getPartition();
        if (!started.isBefore(request.getDeadline())) {
            publisher.publish(records.deadlineExceeded(request, started), replyPartition, List.of());
            return;
        }
        CallOutcome outcome;
        try {
            outcome = attempts.run(request);
        } catch (InvalidRequestException e) {
            publisher.publish(records.invalidRequest(request, e.getMessage(), started), replyPartition, List.of());
            return;
        }
        OutcomeRecords.Records written = records.of(request, attempts.providerId(), outcome, started);
        publisher.publish(written.result(), replyPartition, written.usage());
    }
}
