package io.llmrelay.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.jooq.Constants;

/**
 * SHA-256 over everything the generated code depends on: the migration files (names and bytes),
 * the generator settings (target package and directory included) and the jOOQ version. Stored next to the generated sources so an unchanged
 * schema does not start PostgreSQL on every build.
 */
record MigrationsFingerprint(String sha256) {

    static final String STAMP_FILE = ".migrations.sha256";

    static MigrationsFingerprint of(Path migrations, String generatorSettings) throws IOException {
        MessageDigest digest = newDigest();
        digest.update((generatorSettings + "\n" + Constants.FULL_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(migrations)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            digest.update((migrations.relativize(file) + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(file));
        }
        return new MigrationsFingerprint(HexFormat.of().formatHex(digest.digest()));
    }

    boolean matchesStampIn(Path targetDir) throws IOException {
        Path stamp = targetDir.resolve(STAMP_FILE);
        return Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(sha256);
    }

    void writeStampTo(Path targetDir) throws IOException {
        Files.writeString(targetDir.resolve(STAMP_FILE), sha256 + "\n");
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
