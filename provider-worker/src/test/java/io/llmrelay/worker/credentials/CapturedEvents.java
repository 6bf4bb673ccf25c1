package io.llmrelay.worker.credentials;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.llmrelay.schemas.AuditEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Audit events kept in memory, for tests of the decisions; the Kafka path is covered by {@code CredentialAuditIT}. */
final class CapturedEvents implements Consumer<AuditEvent> {

    static final String ACTOR = "worker-test";

    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Override
    public void accept(AuditEvent event) {
        events.add(event);
    }

    CredentialEvents credentialEvents() {
        return credentialEvents(Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));
    }

    CredentialEvents credentialEvents(Clock clock) {
        return new CredentialEvents(this, ACTOR, clock, registry, Runnable::run);
    }

    List<AuditEvent> withAction(String action) {
        return events.stream().filter(e -> e.getAction().equals(action)).toList();
    }

    List<String> actions() {
        return events.stream().map(AuditEvent::getAction).toList();
    }

    double badCount(String provider) {
        var counter = registry.find("relay.provider.credential.bad").tag("provider", provider).counter();
        return counter == null ? 0 : counter.count();
    }
}
