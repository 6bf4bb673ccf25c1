package io.llmrelay.aggregator.totals;

import java.nio.ByteBuffer;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link Totals} in the totals store and its changelog: a version byte (1) and the eight counters as big-endian
 * longs. Internal to the aggregator (its Streams state and its own roll-up writer), so no Avro contract; a
 * new field means version 2, and this serde keeps reading version 1.
 */
public final class TotalsSerde implements Serde<Totals>, Serializer<Totals>, Deserializer<Totals> {

    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 8 * Long.BYTES;

    @Override
    public byte[] serialize(String topic, Totals totals) {
        if (totals == null) {
            return null;
        }
        return ByteBuffer.allocate(SIZE).put(VERSION)
                .putLong(totals.requests()).putLong(totals.attempts())
                .putLong(totals.promptTokens()).putLong(totals.completionTokens())
                .putLong(totals.costMicros())
                .putLong(totals.unpricedAttempts()).putLong(totals.unpricedPromptTokens())
                .putLong(totals.unpricedCompletionTokens())
                .array();
    }

    @Override
    public Totals deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length != SIZE || bytes[0] != VERSION) {
            throw new SerializationException("not a version-" + VERSION + " totals record (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, SIZE - 1);
        return new Totals(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                in.getLong(), in.getLong());
    }

    @Override
    public Serializer<Totals> serializer() {
        return this;
    }

    @Override
    public Deserializer<Totals> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // stateless
    }
}
