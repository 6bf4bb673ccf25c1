package io.llmrelay.ingest.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.llmrelay.schemas.ReplyRoute;

/**
 * What the relay adds to a caller's request: its id, when it was made, by when it must be answered and where the
 * answer goes.
 */
record RequestEnvelope(String requestId, Instant createdAt, Instant deadline, ReplyRoute replyTo,
                       Map<String, String> metadata) {

    static final String SOURCE = "source";
    static final String INGEST_INSTANCE = "ingest.instance";

    /** Envelopes for requests arriving at this replica. */
    record Factory(Clock clock, Duration timeout, int replyPartition, String instanceId) {

        RequestEnvelope next() {
            Instant now = clock.instant();
            return new RequestEnvelope(UUID.randomUUID().toString(), now, now.plus(timeout),
                    new ReplyRoute(replyPartition, instanceId),
                    Map.of(SOURCE, "request-ingest", INGEST_INSTANCE, instanceId));
        }
    }
}
