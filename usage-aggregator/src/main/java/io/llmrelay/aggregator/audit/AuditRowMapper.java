package io.llmrelay.aggregator.audit;

import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import io.llmrelay.aggregator.db.tables.records.AuditEventsRecord;
import io.llmrelay.schemas.AuditEvent;
import org.jooq.JSONB;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an {@link AuditEvent} into its {@code audit_events} row (V6 documents the columns). PostgreSQL refuses the
 * NUL character in text and jsonb; an event carrying one keeps its row with U+FFFD in its place rather than being
 * dead-lettered, since the audit trail must not lose an event over a stray byte.
 */
final class AuditRowMapper {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditRowMapper() {
    }

    static AuditEventsRecord toRow(AuditEvent event) {
        Map<String, String> details = new TreeMap<>();
        event.getDetails().forEach((name, value) -> details.put(clean(name), clean(value)));
        return new AuditEventsRecord()
                .setEventId(clean(event.getEventId()))
                .setOccurredAt(event.getOccurredAt().atOffset(ZoneOffset.UTC))
                .setActor(clean(event.getActor()))
                .setAction(clean(event.getAction()))
                .setSubject(clean(event.getSubject()))
                .setOutcome(clean(event.getOutcome()))
                .setKeyFingerprint(event.getKeyFingerprint() == null ? null : clean(event.getKeyFingerprint()))
                .setDetails(JSONB.valueOf(JSON.writeValueAsString(details)));
    }

    private static String clean(CharSequence text) {
        return text.toString().replace('\u0000', '\uFFFD');
    }
}
