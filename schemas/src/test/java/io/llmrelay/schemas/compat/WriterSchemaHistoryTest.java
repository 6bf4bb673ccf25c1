package io.llmrelay.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.llmrelay.schemas.serde.AvroSerde;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

/**
 * A producer that still runs an earlier committed version of a contract must be understood: for every
 * committed version, a record written with it decodes with today's serde. When a version is missing
 * from the shipped history, the test writes the file to add under {@code target/schema-history-missing/}.
 */
class WriterSchemaHistoryTest {

    private static final Path MISSING = Path.of("target", "schema-history-missing");
    private static final String HISTORY = "src/main/resources/io/llmrelay/schemas/history/";

    @Test
    void recordsWrittenWithEveryCommittedVersionDecodeWithTodaysSerde() throws Exception {
        SchemaHistory history = SchemaHistory.find();
        assumeTrue(history != null, "no git history here (e.g. a source archive); nothing to compare with");

        List<String> missing = new ArrayList<>();
        for (String file : history.topLevelSchemaFiles()) {
            Schema current = history.current(file);
            AvroSerde<? extends SpecificRecord> serde = AvroSerde.of(generatedClass(current));
            for (String commit : history.commitsTouching(file)) {
                Schema writer = history.at(commit, file);
                if (writer == null || fingerprint(writer) == fingerprint(current)) {
                    continue;
                }
                if (!decodes(serde, writer)) {
                    missing.add(recordMissing(writer));
                }
            }
        }
        assertThat(missing)
                .as("earlier versions not shipped: copy " + MISSING + "/* to schemas/" + HISTORY
                        + " and list them in index.txt there")
                .isEmpty();
    }

    private static boolean decodes(AvroSerde<? extends SpecificRecord> serde, Schema writer) {
        GenericRecord datum = (GenericRecord) new RandomData(writer, 1, 42L).iterator().next();
        byte[] bytes;
        try {
            var buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(datum);
            bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode a " + writer.getFullName(), e);
        }
        try {
            serde.decode(bytes);
            return true;
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            return false;
        }
    }

    private static String recordMissing(Schema writer) throws Exception {
        String name = writer.getName() + "-" + Long.toHexString(fingerprint(writer)) + ".avsc";
        Files.createDirectories(MISSING);
        Files.writeString(MISSING.resolve(name), writer.toString(true) + "\n");
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> generatedClass(Schema schema) throws ClassNotFoundException {
        return (Class<? extends SpecificRecord>) Class.forName(schema.getFullName());
    }

    private static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
