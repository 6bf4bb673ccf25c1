package io.llmrelay.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Holds every contract against its previous committed versions: a reader with the new schema must
 * read data written with an old one (backward) and a reader with an old schema must read data written
 * with the new one (forward). A change that breaks either fails here before it reaches a topic.
 */
class SchemaCompatibilityTest {

    @Test
    void everySchemaStaysBackwardAndForwardCompatibleWithItsCommittedVersions() throws Exception {
        SchemaHistory history = SchemaHistory.find();
        assumeTrue(history != null, "no git history here (e.g. a source archive); nothing to compare with");

        List<String> problems = new ArrayList<>();
        int comparisons = 0;
        for (String file : history.topLevelSchemaFiles()) {
            Schema current = history.current(file);
            for (String commit : history.commitsTouching(file)) {
                Schema previous = history.at(commit, file);
                if (previous == null) {
                    continue;
                }
                comparisons++;
                check(problems, file, commit, "backward (new reads old)", current, previous);
                check(problems, file, commit, "forward (old reads new)", previous, current);
            }
        }
        assertThat(problems).as("incompatible schema changes").isEmpty();
        assertThat(comparisons).as("schema versions compared").isPositive();
    }

    @Test
    void detectsARemovedFieldWithoutDefaultAsABackwardBreak() {
        Schema old = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""");
        Schema renamed = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"b","type":"string"}]}""");

        List<String> problems = new ArrayList<>();
        check(problems, "R.avsc", "test", "backward", renamed, old);

        assertThat(problems).hasSize(1);
    }

    private static void check(List<String> problems, String file, String commit, String direction,
                              Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(file + " vs " + commit.substring(0, Math.min(8, commit.length())) + " " + direction + ": "
                    + result.getResult().getIncompatibilities());
        }
    }
}
