package io.llmrelay.aggregator.usage;

import static io.llmrelay.aggregator.db.Tables.API_USAGE_LOGS;

import java.util.Arrays;
import java.util.List;

import io.llmrelay.aggregator.db.tables.records.ApiUsageLogsRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;

/** Inserts usage rows into {@code api_usage_logs}; rows already there are skipped, not updated. */
final class UsageLogWriter {

    /** Every column but the generated id, in table order. */
    private static final Field<?>[] COLUMNS = Arrays.stream(API_USAGE_LOGS.fields())
            .filter(field -> !field.equals(API_USAGE_LOGS.ID))
            .toArray(Field<?>[]::new);

    private final DSLContext dsl;

    UsageLogWriter(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One multi-row {@code INSERT ... ON CONFLICT (request_id, attempt_key) DO NOTHING}: the batch is
     * stored as a whole or not at all, and a re-delivered event changes nothing.
     *
     * @return how many rows were new; the others were already stored
     */
    int insert(List<ApiUsageLogsRecord> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        List<Record> values = rows.stream().map(row -> row.into(COLUMNS)).toList();
        return dsl.insertInto(API_USAGE_LOGS, COLUMNS)
                .valuesOfRecords(values)
                .onConflict(API_USAGE_LOGS.REQUEST_ID, API_USAGE_LOGS.ATTEMPT_KEY)
                .doNothing()
                .execute();
    }

    static int parametersPerRow() {
        return COLUMNS.length;
    }
}
