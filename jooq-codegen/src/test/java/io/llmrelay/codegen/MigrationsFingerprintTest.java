package io.llmrelay.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsFingerprintTest {

    private static final String SETTINGS = "<generator>package a.b</generator>";

    @TempDir
    Path migrations;

    @TempDir
    Path target;

    @BeforeEach
    void twoMigrations() throws IOException {
        Files.writeString(migrations.resolve("V1__one.sql"), "CREATE TABLE one (id INT);");
        Files.writeString(migrations.resolve("V2__two.sql"), "CREATE TABLE two (id INT);");
    }

    @Test
    void isUpToDateAfterAGenerationWithTheSameMigrationsAndSettings() throws IOException {
        MigrationsFingerprint.of(migrations, SETTINGS).writeStampTo(target);

        assertThat(MigrationsFingerprint.of(migrations, SETTINGS).matchesStampIn(target)).isTrue();
    }

    @Test
    void isStaleWhenAMigrationChanges() throws IOException {
        MigrationsFingerprint.of(migrations, SETTINGS).writeStampTo(target);

        Files.writeString(migrations.resolve("V2__two.sql"), "CREATE TABLE two (id BIGINT);");

        assertThat(MigrationsFingerprint.of(migrations, SETTINGS).matchesStampIn(target)).isFalse();
    }

    @Test
    void isStaleWhenAMigrationIsAdded() throws IOException {
        MigrationsFingerprint.of(migrations, SETTINGS).writeStampTo(target);

        Files.writeString(migrations.resolve("V3__three.sql"), "CREATE TABLE three (id INT);");

        assertThat(MigrationsFingerprint.of(migrations, SETTINGS).matchesStampIn(target)).isFalse();
    }

    @Test
    void isStaleWhenTheGeneratorSettingsChange() throws IOException {
        MigrationsFingerprint.of(migrations, SETTINGS).writeStampTo(target);

        assertThat(MigrationsFingerprint.of(migrations, "<generator>package a.c</generator>").matchesStampIn(target))
                .isFalse();
    }

    @Test
    void isStaleWhenNothingWasGeneratedYet() throws IOException {
        assertThat(MigrationsFingerprint.of(migrations, SETTINGS).matchesStampIn(target)).isFalse();
    }
}
