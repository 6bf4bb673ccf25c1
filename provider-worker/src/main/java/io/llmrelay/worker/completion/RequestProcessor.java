package io.llmrelay.worker.completion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.serde.AvroSerde;
import io.llmrelay.worker.consumer.RecordHandler;
import io.llmrelay.worker.provider.InvalidRequestException;
import io.llmrelay.worker.provider.Target;
import io.llmrelay.worker.publish.OutcomePublisher;
import io.llmrelay.worker.publish.ParkedRequest;
import io.llmrelay.worker.routing.LatencyTracker;
import io.llmrelay.worker.routing.RetryTopicSettings;
import io.llmrelay.worker.routing.Route;
import io.llmrelay.worker.routing.Routes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request record: exactly one result (and the usage of every billable attempt) for a request,
 * or a dead letter for a record that is not a request. The request's model picks its route; the route's targets
 * are tried in the order of its strategy ({@link FallbackLoop}). A request no target could answer, though a later
 * try might succeed, is parked on the retry topic instead of answered, while its deadline allows
 * ({@link RetryTopicSettings}); one that was parked and still finds no provider is answered and copied to the
 * dead-letter topic. Before any call, the request's budgets are checked and its maximum cost reserved
 * ({@link BudgetGuard}): a blocked user, team or key gets a REJECTED {@code budget_exceeded} result, and a caller
 * above its budget share is routed to the route's cheaper target first. A request the worker fails on unexpectedly (a bug,
 * Kafka refusing its result) is still answered, with a FAILED {@code internal_error} result and the usage of
 * the calls made, and then copied to the dead-letter topic. Returns once that is acknowledged by Kafka; only
 * then may the record's offset be committed. A key the provider rejected is audited by its credential supplier.
 */
public final class RequestProcessor implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    private final AvroSerde<CompletionRequest> serde;
    private final Routes routes;
    private final FallbackLoop attempts;
    private final LatencyTracker latencies;
    private final RandomGenerator random;
    private final RetryTopicSettings parking;
    private final BudgetGuard budgets;
    private final OutcomeRecords records;
    private final OutcomePublisher publisher;
    private final ProviderCallMetrics metrics;
    private final Clock clock;
    private final LongSupplier nanoTime;

    RequestProcessor(AvroSerde<CompletionRequest> serde, Routes routes, FallbackLoop attempts, LatencyTracker latencies,
                     RandomGenerator random, RetryTopicSettings parking, BudgetGuard budgets,
                     OutcomeRecords records, OutcomePublisher publisher, ProviderCallMetrics metrics,
                     Clock clock, LongSupplier nanoTime) {
        this.serde = serde;
        this.routes = routes;
        this.attempts = attempts;
        this.latencies = latencies;
        this.random = random;
        this.parking = parking;
        this.budgets = budgets;
        this.records = records;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** What has been done for one request, for answering it when something fails unexpectedly. */
    private static final class Progress {

        final List<Attempt> attempts = new ArrayList<>();
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
        ParkedRequest.History history = ParkedRequest.History.of(record.headers());
        Progress progress = new Progress();
        try {
            answer(record, request, history, taken, progress);
        } catch (RuntimeException e) {
            log.error("request {} from {}-{}@{} cannot be answered; answering it with internal_error and sending it"
                    + " to the dead-letter topic", request.getRequestId(), record.topic(), record.partition(),
                    record.offset(), e);
            answerInternalError(request, history, taken, progress, e);
            publisher.deadLetter(record, e);
        }
    }

    private void answer(ConsumerRecord<byte[], byte[]> record, CompletionRequest request,
                        ParkedRequest.History history, Taken taken, Progress progress) throws InterruptedException {
        if (!taken.at().isBefore(request.getDeadline())) {
            publisher.publish(records.deadlineExceeded(request, taken), replyPartition(request), List.of());
            if (history.parks() > 0) {
                publisher.deadLetter(record, new RetriesExhaustedException("request " + request.getRequestId()
                        + " was parked " + history.parks() + " times and its deadline passed"));
            }
            return;
        }
        Optional<Route> route = routes.forModel(request.getModel());
        if (route.isEmpty()) {
            publisher.publish(records.notRouted(request, taken), replyPartition(request), List.of());
            return;
        }
        BudgetGuard.Admission budget = budgets.admit(request, request.getDeadline());
        if (budget instanceof BudgetGuard.Admission.Refused refused) {
            publisher.publish(records.budgetExceeded(request, refused.message(), taken), replyPartition(request),
                    List.of());
            return;
        }
        try {
            call(record, request, route.get(), history, taken, progress);
            // the usage is on Kafka now: the aggregator counts it from here on, so the reservation can go
            budget.settle();
        } catch (InterruptedException | RuntimeException e) {
            budget.release();
            throw e;
        }
    }

    private void call(ConsumerRecord<byte[], byte[]> record, CompletionRequest request, Route route,
                      ParkedRequest.History history, Taken taken, Progress progress) throws InterruptedException {
        boolean spender = route.budgetFallback().isPresent() && budgets.spentShare(request) >= route.aboveShare();
        List<Target> order = spender ? route.orderForSpender(latencies, random) : route.order(latencies, random);
        CallOutcome outcome;
        try {
            outcome = attempts.run(request, order, progress.attempts);
        } catch (InvalidRequestException e) {
            publisher.publish(records.invalidRequest(request, e.getMessage(), taken), replyPartition(request),
                    List.of());
            return;
        }
        int firstNumber = history.attempts() + 1;
        Optional<Instant> retryAt = outcome.answered() ? Optional.empty() : parkUntil(request, outcome, history);
        if (retryAt.isPresent()) {
            List<UsageEvent> usage = records.usage(request, outcome.attempts(), firstNumber);
            progress.usage = usage;
            ParkedRequest parked = new ParkedRequest(request.getRequestId(), history.parks() + 1,
                    history.attempts() + outcome.attempts().size(), retryAt.get(), outcome.unanswered().message());
            publisher.park(record, parked, usage);
            metrics.billed(usage);
            metrics.parked(parked.parks());
            log.info("request {}: no provider answered ({}); parked on the retry topic until {} (park {} of {})",
                    request.getRequestId(), outcome.unanswered().code(), retryAt.get(), parked.parks(),
                    parking.maxParks());
            return;
        }
        OutcomeRecords.Records written = records.of(request, outcome, taken, firstNumber);
        progress.usage = written.usage();
        publisher.publish(written.result(), replyPartition(request), written.usage());
        metrics.billed(written.usage());
        if (!outcome.answered() && history.parks() > 0) {
            publisher.deadLetter(record, new RetriesExhaustedException("request " + request.getRequestId()
                    + " was parked " + history.parks() + " times and no provider answered: "
                    + outcome.unanswered().message()));
        }
    }

    /**
     * When to try an unanswered request again, if parking it is worth it: a later try may succeed, it was parked
     * fewer than the allowed times, and its deadline leaves time after the wait. The wait is the configured delay,
     * or longer when a provider asked for more.
     */
    private Optional<Instant> parkUntil(CompletionRequest request, CallOutcome outcome, ParkedRequest.History history) {
        CallOutcome.Unanswered unanswered = outcome.unanswered();
        if (!unanswered.retryable() || history.parks() >= parking.maxParks()) {
            return Optional.empty();
        }
        Duration wait = unanswered.retryAfter().filter(d -> d.compareTo(parking.delay()) > 0).orElse(parking.delay());
        Instant at = clock.instant().plus(wait);
        return at.plus(parking.minTimeLeft()).isAfter(request.getDeadline()) ? Optional.empty() : Optional.of(at);
    }

    /**
     * Writes the internal_error result, if Kafka takes it. A failure here is logged and not thrown: the dead
     * letter written next is then the only trace of the request, and the one that must not be skipped.
     */
    private void answerInternalError(CompletionRequest request, ParkedRequest.History history, Taken taken,
                                     Progress progress, RuntimeException cause) throws InterruptedException {
        List<UsageEvent> usage = usageSoFar(request, history, progress);
        try {
            OutcomeRecords.Records failed = records.internalError(request, progress.attempts, usage, cause, taken);
            publisher.publish(failed.result(), replyPartition(request), failed.usage());
            metrics.billed(failed.usage());
        } catch (RuntimeException e) {
            log.error("request {}: its internal_error result cannot be written either ({}); only its dead letter"
                    + " remains", request.getRequestId(), e.toString());
        }
    }

    /** The usage events of the calls made: those already built, else built now; null when they cannot be. */
    private List<UsageEvent> usageSoFar(CompletionRequest request, ParkedRequest.History history, Progress progress) {
        if (progress.usage != null) {
            return progress.usage;
        }
        try {
            return records.usage(request, progress.attempts, history.attempts() + 1);
        } catch (RuntimeException e) {
            log.error("request {}: the usage of its {} provider calls cannot be recorded ({}); its result is written"
                    + " unpriced", request.getRequestId(), progress.attempts.size(), e.toString());
            return null;
        }
    }

    private static Integer replyPartition(CompletionRequest request) {
        return request.getReplyTo() == null ? null : request.getReplyTo().getPartition();
    }

    /** Why a parked request went to the dead-letter topic after all. */
    static final class RetriesExhaustedException extends Exception {

        RetriesExhaustedException(String message) {
            super(message);
        }
    }
}
