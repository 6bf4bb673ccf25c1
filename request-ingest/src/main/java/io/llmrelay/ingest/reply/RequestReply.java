package io.llmrelay.ingest.reply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.llmrelay.ingest.kafka.RequestPublisher;
import io.llmrelay.schemas.CompletionRequest;

/**
 * Request-reply over Kafka: publishes a request and blocks the calling thread until its result arrives on this
 * replica's reply partition or its deadline passes. Meant for virtual threads, where blocking is cheap.
 */
public final class RequestReply {

    private final RequestPublisher publisher;
    private final PendingReplies pending;
    private final Clock clock;

    RequestReply(RequestPublisher publisher, PendingReplies pending, Clock clock) {
        this.publisher = publisher;
        this.pending = pending;
        this.clock = clock;
    }

    public Outcome exchange(CompletionRequest request) {
        String requestId = request.getRequestId();
        Instant start = clock.instant();
        // registered before sending: a fast worker's result may arrive before the send acknowledgement
        CompletableFuture<Outcome> reply = pending.register(requestId);
        try {
            publisher.publish(request).whenComplete((metadata, error) -> {
                if (error != null) {
                    pending.finish(requestId, new Outcome.NotPublished(error));
                }
            });
            return await(reply, Duration.between(start, request.getDeadline()), start);
        } finally {
            pending.forget(requestId);
        }
    }

    private Outcome await(CompletableFuture<Outcome> reply, Duration wait, Instant start) {
        try {
            return reply.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Outcome.TimedOut(Duration.between(start, clock.instant()));
        } catch (InterruptedException e) {
            // the server is shutting down past its grace period: the caller gets the same answer as a timeout
            Thread.currentThread().interrupt();
            return new Outcome.TimedOut(Duration.between(start, clock.instant()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("reply futures are only ever completed normally", e.getCause());
        }
    }
}
