package io.llmrelay.schemas.serde;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

/**
 * Earlier versions of the contracts, shipped with the classes so that records written by producers that
 * have not been upgraded yet (a rolling deploy, another team's service) still decode: single-object
 * encoding names the writer schema by fingerprint, and a decoder only resolves fingerprints it knows.
 *
 * <p>Each version is a standalone schema file in {@value #DIRECTORY}, listed in {@value #INDEX}.
 * {@code WriterSchemaHistoryTest} fails when a committed version is missing and writes the file to add.
 */
final class WriterSchemaHistory {

    static final String DIRECTORY = "io/llmrelay/schemas/history/";
    static final String INDEX = DIRECTORY + "index.txt";

    private WriterSchemaHistory() {
    }

    /** Every earlier version of the record named {@code fullName}, oldest first. */
    static List<Schema> versionsOf(String fullName) {
        List<Schema> versions = new ArrayList<>();
        for (String file : indexEntries()) {
            Schema schema = parse(file);
            if (schema.getFullName().equals(fullName)) {
                versions.add(schema);
            }
        }
        return versions;
    }

    static List<String> indexEntries() {
        InputStream index = WriterSchemaHistory.class.getClassLoader().getResourceAsStream(INDEX);
        if (index == null) {
            return List.of();
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }

    private static Schema parse(String file) {
        try (InputStream in = WriterSchemaHistory.class.getClassLoader().getResourceAsStream(DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException(INDEX + " lists " + file + " but " + DIRECTORY + file + " is missing");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DIRECTORY + file, e);
        }
    }
}
