package io.llmrelay.worker.completion;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.serde.AvroSerde;
import io.llmrelay.worker.consumer.RecordHandler;
import io.llmrelay.worker.credentials.CredentialAudit;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.InvalidRequestException;
import io.llmrelay.worker.publish.OutcomePublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request record: exactly one result (and the usage of every billable attempt) for a request,
 * or a dead letter for a record that is not a request. A request the worker fails on unexpectedly (a bug,
 * Kafka refusing its result) is still answered, with a FAILED {@code internal_error} result and the usage of
 * the calls made, and then copied to the dead-letter topic. Returns once that is acknowledged by Kafka; only
 * then may the record's offset be committed. Attempts whose key the provider rejected are audited after the
 * answer is written, without waiting for Kafka, so that the audit never holds the answer up.
 */
public final class RequestProcessor implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    private final AvroSerde<CompletionRequest> serde;
    private final AttemptLoop attempts;
    private final OutcomeRecords records;
    private final OutcomePublisher publisher;
    private final ProviderCallMetrics metrics;
    private final CredentialAudit credentialAudit;
    private final Clock clock;
    private final LongSupplier nanoTime;

    RequestProcessor(AvroSerde<CompletionRequest> serde, AttemptLoop attempts, OutcomeRecords records,
                     OutcomePublisher publisher, ProviderCallMetrics metrics, CredentialAudit credentialAudit,
                     Clock clock, LongSupplier nanoTime) {
        this.serde = serde;
        this.attempts = attempts;
        this.records = records;
        this.publisher = publisher;
        this.metrics = metrics;
        this.credentialAudit = credentialAudit;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** What has been done for one request, for answering it when something fails unexpectedly. */
    private static final class Progress {

        final List<AttemptResult> attempts = new ArrayList<>();
        /**
         * Null until built. Built once: an answer whose writing failed may have written some of them, and
         * written again they keep their attempt ids, so they stay duplicates and are not counted twice.
         */
        List<UsageEvent> usage;
    }

    @Override
    public void handle(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        Taken taken = new Taken(clock.instant(), nanoTime.getAsLong());
        CompletionRequest request;
        try {
            request = serde.decode(record.value());
        } catch (SerializationException e) {
            log.warn("record {}-{}@{} is not a CompletionRequest ({}); sending it to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            publisher.deadLetter(record, e);
            return;
        }
        Progress progress = new Progress();
        try {
            answer(request, taken, progress);
        } catch (RuntimeException e) {
            log.error("request {} from {}-{}@{} cannot be answered; answering it with internal_error and sending it"
                    + " to the dead-letter topic", request.getRequestId(), record.topic(), record.partition(),
                    record.offset(), e);
            answerInternalError(request, taken, progress, e);
            publisher.deadLetter(record, e);
        }
        credentialAudit.rejectedIn(request, progress.attempts);
    }

    private void answer(CompletionRequest request, Taken taken, Progress progress) throws InterruptedException {
        if (!taken.at().isBefore(request.getDeadline())) {
            publisher.publish(records.deadlineExceeded(request, taken), replyPartition(request), List.of());
            return;
        }
        CallOutcome outcome;
        try {
            outcome = attempts.run(request, progress.attempts);
        } catch (InvalidRequestException e) {
            publisher.publish(records.invalidRequest(request, e.getMessage(), taken), replyPartition(request),
                    List.of());
            return;
        }
        OutcomeRecords.Records written = records.of(request, attempts.providerId(), outcome, taken);
        progress.usage = written.usage();
        publisher.publish(written.result(), replyPartition(request), written.usage());
        metrics.billed(written.usage());
    }

    /**
     * Writes the internal_error result, if Kafka takes it. A failure here is logged and not thrown: the dead
     * letter written next is then the only trace of the request, and the one that must not be skipped.
     */
    private void answerInternalError(CompletionRequest request, Taken taken, Progress progress, RuntimeException cause)
            throws InterruptedException {
        List<UsageEvent> usage = usageSoFar(request, progress);
        try {
            OutcomeRecords.Records failed = records.internalError(request, attempts.providerId(),
                    progress.attempts.size(), usage, cause, taken);
            publisher.publish(failed.result(), replyPartition(request), failed.usage());
            metrics.billed(failed.usage());
        } catch (RuntimeException e) {
            log.error("request {}: its internal_error result cannot be written either ({}); only its dead letter"
                    + " remains", request.getRequestId(), e.toString());
        }
    }

    /** The usage events of the calls made: those already built, else built now; null when they cannot be. */
    private List<UsageEvent> usageSoFar(CompletionRequest request, Progress progress) {
        if (progress.usage != null) {
            return progress.usage;
        }
        try {
            return records.usage(request, attempts.providerId(), progress.attempts);
        } catch (RuntimeException e) {
            log.error("request {}: the usage of its {} provider calls cannot be recorded ({}); its result is written"
                    + " unpriced", request.getRequestId(), progress.attempts.size(), e.toString());
            return null;
        }
    }

    private static Integer replyPartition(CompletionRequest request) {
        return request.getReplyTo() == null ? null : request.getReplyTo().getPartition();
    }
}
