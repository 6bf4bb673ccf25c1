package io.llmrelay.aggregator.usage;

import java.util.List;

import io.llmrelay.aggregator.db.tables.records.ApiUsageLogsRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One poll's records sorted into rows to insert and records that cannot be rows. */
record DecodedBatch(List<Row> rows, List<Rejected> undecodable) {

    DecodedBatch {
        rows = List.copyOf(rows);
        undecodable = List.copyOf(undecodable);
    }

    /** A row and the record it came from, kept so a row PostgreSQL refuses can be dead-lettered as sent. */
    record Row(ConsumerRecord<byte[], byte[]> source, ApiUsageLogsRecord values) {
    }
}
