package io.llmrelay.aggregator.usage;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one poll's records: the usage rows in PostgreSQL, and what can never be a row on the
 * dead-letter topic. Returns normally only when all of it is stored, so the caller may commit the
 * offsets; any exception means "nothing may be committed, try the whole batch again". Retrying is
 * harmless because rows are inserted with ON CONFLICT DO NOTHING.
 */
final class UsageBatchStore implements BatchStore {

    private static final Logger log = LoggerFactory.getLogger(UsageBatchStore.class);

    private final UsageDecoder decoder;
    private final UsageLogWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final UsageMetrics metrics;

    UsageBatchStore(UsageDecoder decoder, UsageLogWriter writer, DeadLetterPublisher deadLetters, UsageMetrics metrics) {
        this.decoder = decoder;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void store(ConsumerRecords<byte[], byte[]> records) {
        DecodedBatch batch = decoder.decode(records);
        List<Rejected> rejected = new ArrayList<>(batch.undecodable());
        int inserted;
        try {
            inserted = writer.insert(batch.rows().stream().map(DecodedBatch.Row::values).toList());
        } catch (RuntimeException e) {
            if (WriteFailure.classify(e) != WriteFailure.ROW_REJECTED) {
                throw e;
            }
            log.warn("PostgreSQL refused a batch of {} usage rows as data ({}); inserting them one by one to "
                    + "dead-letter only the rows it refuses", batch.rows().size(), WriteFailure.sqlCause(e).getMessage());
            inserted = insertOneByOne(batch.rows(), rejected);
        }
        deadLetters.publish(rejected);
        int refusedRows = rejected.size() - batch.undecodable().size();
        metrics.batchStored(inserted, batch.rows().size() - refusedRows - inserted, rejected.size());
    }

    /** Slow path after a batch was refused as data: finds the bad rows; adds them to {@code rejected}. */
    private int insertOneByOne(List<DecodedBatch.Row> rows, List<Rejected> rejected) {
        int inserted = 0;
        for (DecodedBatch.Row row : rows) {
            try {
                inserted += writer.insert(List.of(row.values()));
            } catch (RuntimeException e) {
                if (WriteFailure.classify(e) != WriteFailure.ROW_REJECTED) {
                    throw e;
                }
                ConsumerRecord<byte[], byte[]> source = row.source();
                log.warn("PostgreSQL refused usage record {}-{}@{} (request {} attempt {}, key {}); it goes to the "
                                + "dead-letter topic: {}", source.topic(), source.partition(), source.offset(),
                        row.values().getRequestId(), row.values().getAttempt(), row.values().getAttemptKey(),
                        WriteFailure.sqlCause(e).getMessage());
                rejected.add(new Rejected(source, WriteFailure.sqlCause(e)));
            }
        }
        return inserted;
    }
}
