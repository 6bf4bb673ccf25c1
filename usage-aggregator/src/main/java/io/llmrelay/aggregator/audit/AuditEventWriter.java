package io.llmrelay.aggregator.audit;

import static io.llmrelay.aggregator.db.Tables.AUDIT_EVENTS;

import java.util.Arrays;
import java.util.List;

import io.llmrelay.aggregator.db.tables.records.AuditEventsRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;

/** Inserts audit rows; an event already stored (same {@code event_id}) is skipped, not updated. */
final class AuditEventWriter {

    /** Every column but the generated id and received_at (the database's now()), in table order. */
    private static final Field<?>[] COLUMNS = Arrays.stream(AUDIT_EVENTS.fields())
            .filter(field -> !field.equals(AUDIT_EVENTS.ID) && !field.equals(AUDIT_EVENTS.RECEIVED_AT))
            .toArray(Field<?>[]::new);

    private final DSLContext dsl;

    AuditEventWriter(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One multi-row {@code INSERT ... ON CONFLICT (event_id) DO NOTHING}.
     *
     * @return how many rows were new
     */
    int insert(List<AuditEventsRecord> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        List<Record> values = rows.stream().map(row -> row.into(COLUMNS)).toList();
        return dsl.insertInto(AUDIT_EVENTS, COLUMNS)
                .valuesOfRecords(values)
                .onConflict(AUDIT_EVENTS.EVENT_ID)
                .doNothing()
                .execute();
    }
}
