package io.llmrelay.aggregator.usage;

import java.util.ArrayList;
import java.util.List;

import io.llmrelay.schemas.UsageEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decodes polled records into rows; a record that is not a usable {@link UsageEvent} is set aside, not thrown. */
final class UsageDecoder {

    private static final Logger log = LoggerFactory.getLogger(UsageDecoder.class);

    private final Deserializer<UsageEvent> deserializer;

    UsageDecoder(Deserializer<UsageEvent> deserializer) {
        this.deserializer = deserializer;
    }

    DecodedBatch decode(ConsumerRecords<byte[], byte[]> records) {
        List<DecodedBatch.Row> rows = new ArrayList<>(records.count());
        List<Rejected> undecodable = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                rows.add(new DecodedBatch.Row(record, UsageRowMapper.toRow(decode(record))));
            } catch (SerializationException | IllegalArgumentException e) {
                log.warn("usage record {}-{}@{} is not a usable UsageEvent and goes to the dead-letter topic: {}",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                undecodable.add(new Rejected(record, e));
            }
        }
        return new DecodedBatch(rows, undecodable);
    }

    private UsageEvent decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            // the serde's Deserializer contract maps null to null; a usage topic has no tombstones
            throw new SerializationException("null value (tombstone) where a UsageEvent was expected");
        }
        return deserializer.deserialize(record.topic(), record.value());
    }
}
