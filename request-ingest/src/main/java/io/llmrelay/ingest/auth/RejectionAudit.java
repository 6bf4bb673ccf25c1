package io.llmrelay.ingest.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.llmrelay.ingest.kafka.AuditPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns refused authentications into audit events ({@code relay_key.rejected} on the API, {@code admin_key.rejected}
 * on the admin API), at most one per {@link #INTERVAL} per replica and action: a client hammering the API with a bad
 * key must not flood {@code llm.audit}. The events left out are counted
 * ({@code relay.ingest.audit.rejections.suppressed}, by action), so the audit trail plus that counter account for
 * every refusal. The event names the reason, method and path, never the presented key or a hash of it.
 */
public final class RejectionAudit {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_PATH_CHARS = 200;

    private final AuditPublisher publisher;
    private final String action;
    private final String subject;
    private final Clock clock;
    private final Counter suppressed;
    private final AtomicReference<Instant> lastPublished = new AtomicReference<>(Instant.MIN);

    /**
     * @param action  the audit action, e.g. {@code relay_key.rejected}; also the counter's one label
     * @param subject the events' subject: what was refused access, never who tried
     */
    public RejectionAudit(AuditPublisher publisher, String action, String subject, Clock clock,
                          MeterRegistry registry) {
        this.publisher = publisher;
        this.action = action;
        this.subject = subject;
        this.clock = clock;
        this.suppressed = Counter.builder("relay.ingest.audit.rejections.suppressed")
                .description("Refused authentications not written to llm.audit (at most one event per second)")
                .tag("action", action)
                .register(registry);
    }

    public void rejected(String reason, String method, String path) {
        Instant now = clock.instant();
        Instant last = lastPublished.get();
        if (now.isBefore(last.plus(INTERVAL)) || !lastPublished.compareAndSet(last, now)) {
            suppressed.increment();
            return;
        }
        // off the request's thread: the 401 must not wait for Kafka, even for the producer's short max.block.ms
        Thread.ofVirtual().name("audit-rejection").start(() -> publisher.serviceEvent(action, subject,
                "failure", Map.of("reason", reason, "method", method, "path", bounded(path))));
    }

    private static String bounded(String path) {
        return path.length() <= MAX_PATH_CHARS ? path : path.substring(0, MAX_PATH_CHARS) + "…";
    }
}
