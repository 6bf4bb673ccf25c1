package io.llmrelay.aggregator.audit;

import java.util.ArrayList;
import java.util.List;

import io.llmrelay.aggregator.db.tables.records.AuditEventsRecord;
import io.llmrelay.aggregator.usage.BatchStore;
import io.llmrelay.aggregator.usage.DeadLetterPublisher;
import io.llmrelay.aggregator.usage.Rejected;
import io.llmrelay.aggregator.usage.WriteFailure;
import io.llmrelay.schemas.AuditEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one poll of {@code llm.audit}: decodes the events, inserts them in one statement (duplicates skipped),
 * and sends what can never be a row to the dead-letter topic. As for usage: a batch PostgreSQL refuses as data
 * (SQLSTATE 22/23) is inserted row by row so only the refused rows are dead-lettered; any other failure is thrown
 * and the whole batch retried by the loop.
 */
final class AuditBatchStore implements BatchStore {

    private static final Logger log = LoggerFactory.getLogger(AuditBatchStore.class);

    private final Deserializer<AuditEvent> deserializer;
    private final AuditEventWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final AuditMetrics metrics;

    AuditBatchStore(Deserializer<AuditEvent> deserializer, AuditEventWriter writer, DeadLetterPublisher deadLetters,
                    AuditMetrics metrics) {
        this.deserializer = deserializer;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void store(ConsumerRecords<byte[], byte[]> records) {
        List<Row> rows = new ArrayList<>(records.count());
        List<Rejected> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                rows.add(new Row(record, AuditRowMapper.toRow(decode(record))));
            } catch (SerializationException | IllegalArgumentException e) {
                log.warn("audit record {}-{}@{} is not a usable AuditEvent and goes to the dead-letter topic: {}",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                rejected.add(new Rejected(record, e));
            }
        }
        int undecodable = rejected.size();
        int inserted;
        try {
            inserted = writer.insert(rows.stream().map(Row::values).toList());
        } catch (RuntimeException e) {
            if (WriteFailure.classify(e) != WriteFailure.ROW_REJECTED) {
                throw e;
            }
            log.warn("PostgreSQL refused a batch of {} audit rows as data ({}); inserting them one by one",
                    rows.size(), WriteFailure.sqlCause(e).getMessage());
            inserted = insertOneByOne(rows, rejected);
        }
        deadLetters.publish(rejected);
        int refusedRows = rejected.size() - undecodable;
        metrics.batchStored(inserted, rows.size() - refusedRows - inserted, rejected.size());
    }

    private int insertOneByOne(List<Row> rows, List<Rejected> rejected) {
        int inserted = 0;
        for (Row row : rows) {
            try {
                inserted += writer.insert(List.of(row.values()));
            } catch (RuntimeException e) {
                if (WriteFailure.classify(e) != WriteFailure.ROW_REJECTED) {
                    throw e;
                }
                ConsumerRecord<byte[], byte[]> source = row.source();
                log.warn("PostgreSQL refused audit record {}-{}@{} (event {}); it goes to the dead-letter topic: {}",
                        source.topic(), source.partition(), source.offset(), row.values().getEventId(),
                        WriteFailure.sqlCause(e).getMessage());
                rejected.add(new Rejected(source, WriteFailure.sqlCause(e)));
            }
        }
        return inserted;
    }

    private AuditEvent decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new SerializationException("null value (tombstone) where an AuditEvent was expected");
        }
        return deserializer.deserialize(record.topic(), record.value());
    }

    private record Row(ConsumerRecord<byte[], byte[]> source, AuditEventsRecord values) {
    }
}
