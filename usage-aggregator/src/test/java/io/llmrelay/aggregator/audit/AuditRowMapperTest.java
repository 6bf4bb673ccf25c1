package io.llmrelay.aggregator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.llmrelay.aggregator.db.tables.records.AuditEventsRecord;
import io.llmrelay.schemas.AuditEvent;
import org.junit.jupiter.api.Test;

class AuditRowMapperTest {

    @Test
    void mapsEveryFieldAndTheDetailsAsAJsonObject() {
        Instant at = Instant.parse("2026-11-26T10:15:30.125Z");
        AuditEventsRecord row = AuditRowMapper.toRow(AuditEvent.newBuilder().setEventId("e-1").setOccurredAt(at)
                .setActor("request-ingest/ingest-0").setAction("relay_key.rejected").setSubject("relay_key:unknown")
                .setOutcome("failure").setKeyFingerprint(null)
                .setDetails(Map.of("reason", "unknown_key", "path", "/v1/\"chat\"")).build());

        assertThat(row.getEventId()).isEqualTo("e-1");
        assertThat(row.getOccurredAt()).isEqualTo(at.atOffset(ZoneOffset.UTC));
        assertThat(row.getActor()).isEqualTo("request-ingest/ingest-0");
        assertThat(row.getAction()).isEqualTo("relay_key.rejected");
        assertThat(row.getSubject()).isEqualTo("relay_key:unknown");
        assertThat(row.getOutcome()).isEqualTo("failure");
        assertThat(row.getKeyFingerprint()).isNull();
        assertThat(row.getDetails().data()).isEqualTo("{\"path\":\"/v1/\\\"chat\\\"\",\"reason\":\"unknown_key\"}");
        assertThat(row.getId()).isNull();
        assertThat(row.getReceivedAt()).isNull();
    }

    @Test
    void replacesNulCharactersWhichPostgresRefuses() {
        AuditEventsRecord row = AuditRowMapper.toRow(AuditEvent.newBuilder().setEventId("e-2")
                .setOccurredAt(Instant.EPOCH).setActor("a\u0000b").setAction("x").setSubject("s").setOutcome("o")
                .setDetails(Map.of("k\u0000", "v\u0000")).build());

        assertThat(row.getActor()).isEqualTo("a\uFFFDb");
        assertThat(row.getDetails().data()).doesNotContain("\\u0000").contains("k\uFFFD", "v\uFFFD");
    }
}
