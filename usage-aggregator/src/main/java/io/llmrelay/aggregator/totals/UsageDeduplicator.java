package io.llmrelay.aggregator.totals;

import java.time.Duration;

import io.llmrelay.schemas.UsageEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each billed attempt once and hands it to every subject it belongs to.
 *
 * <p>An attempt is {@code (request_id, attempt_id)}, or {@code (request_id, attempt)} for events without an
 * attempt id: the identity of {@code api_usage_logs.attempt_key}, so the Streams totals and the log agree on what
 * a duplicate is. {@code llm.usage} is keyed by user id, so every copy of an event reaches this task.
 *
 * <p>Seen attempts and requests live in window stores (segments dropped as stream time passes the retention):
 * an attempt older than the retention relative to the newest one seen cannot be checked against its copies,
 * so it is dropped, logged, rather than risk counting it twice. The retention outlives {@code llm.usage}'s own
 * (30 days), so a record the topic can still re-deliver is always recognised.
 */
final class UsageDeduplicator implements Processor<String, UsageEvent, String, SubjectEvent> {

    private static final Logger log = LoggerFactory.getLogger(UsageDeduplicator.class);

    static final String ATTEMPTS_STORE = "usage-attempts-seen";
    static final String REQUESTS_STORE = "usage-requests-seen";

    private final long retentionMs;
    private ProcessorContext<String, SubjectEvent> context;
    private WindowStore<String, Long> attempts;
    private WindowStore<String, Long> requests;

    UsageDeduplicator(Duration retention) {
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, SubjectEvent> context) {
        this.context = context;
        this.attempts = context.getStateStore(ATTEMPTS_STORE);
        this.requests = context.getStateStore(REQUESTS_STORE);
    }

    @Override
    public void process(Record<String, UsageEvent> record) {
        UsageEvent event = record.value();
        if (event == null) {
            log.warn("skipping a null usage record (key {}): llm.usage carries no tombstones", record.key());
            return;
        }
        long at = event.getOccurredAt().toEpochMilli();
        long oldestCheckable = context.currentStreamTimeMs() - retentionMs;
        if (at < oldestCheckable) {
            log.warn("usage of request {} attempt {} occurred at {}, more than {} before the newest usage seen: too late "
                    + "to be checked for duplicates, so it is left out of the totals (api_usage_logs still has it)",
                    event.getRequestId(), event.getAttempt(), event.getOccurredAt(), Duration.ofMillis(retentionMs));
            return;
        }
        if (seen(attempts, attemptIdentity(event), at)) {
            return;
        }
        attempts.put(attemptIdentity(event), at, at);
        boolean firstOfRequest = !seen(requests, event.getRequestId(), at);
        if (firstOfRequest) {
            requests.put(event.getRequestId(), at, at);
        }
        for (Subject subject : Subject.of(event)) {
            context.forward(record.withKey(subject.key()).withValue(new SubjectEvent.Spend(event, firstOfRequest)));
        }
    }

    /** Whether {@code key} was stored at any time within the retention around {@code at}. */
    private boolean seen(WindowStore<String, Long> store, String key, long at) {
        try (WindowStoreIterator<Long> found = store.fetch(key, Math.max(0, at - retentionMs), at + retentionMs)) {
            return found.hasNext();
        }
    }

    /** {@code api_usage_logs.attempt_key} (UsageRowMapper): the attempt id, or the attempt number when there is none. */
    static String attemptIdentity(UsageEvent event) {
        String attemptId = event.getAttemptId();
        String attemptKey = attemptId == null || attemptId.isBlank() ? Integer.toString(event.getAttempt()) : attemptId;
        return event.getRequestId() + "|" + attemptKey;
    }
}
