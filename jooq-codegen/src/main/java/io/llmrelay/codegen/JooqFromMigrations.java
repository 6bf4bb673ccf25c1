package io.llmrelay.codegen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.llmrelay.testkit.postgres.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Generates a module's jOOQ classes from its Flyway migrations, run by Maven in
 * {@code generate-sources}: starts a throw-away embedded PostgreSQL, applies the migrations with
 * Flyway, and points jOOQ's generator at the result. Generating from the real database (rather
 * than replaying the DDL on H2) keeps types, defaults and constraint names exactly as PostgreSQL
 * has them. Needs neither network nor Docker.
 *
 * <p>Usage: {@code JooqFromMigrations <migrationsDir> <targetDir> <package>}. When the migrations
 * and package are unchanged since the last run into {@code targetDir}, it does nothing (a full run
 * starts PostgreSQL and takes a few seconds).
 */
public final class JooqFromMigrations {

    private JooqFromMigrations() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: JooqFromMigrations <migrationsDir> <targetDir> <package>, got "
                    + args.length + " arguments");
        }
        generate(Path.of(args[0]), Path.of(args[1]), args[2]);
    }

    static void generate(Path migrations, Path targetDir, String packageName) throws Exception {
        if (!Files.isDirectory(migrations)) {
            throw new IllegalArgumentException("migrations directory " + migrations.toAbsolutePath() + " does not exist");
        }
        Generator generator = generator(targetDir, packageName);
        MigrationsFingerprint fingerprint = MigrationsFingerprint.of(migrations, generator.toString());
        Path packageDir = targetDir.resolve(packageName.replace('.', '/'));
        if (Files.isDirectory(packageDir) && fingerprint.matchesStampIn(targetDir)) {
            log("jOOQ classes in " + targetDir + " are up to date with " + migrations);
            return;
        }
        long started = System.nanoTime();
        // jOOQ prints an ASCII-art logo and a "tip of the day" on first use; neither belongs in a build log
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startEphemeral()) {
            Flyway.configure()
                    .dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            GenerationTool.generate(new Configuration()
                    .withJdbc(new Jdbc()
                            .withDriver("org.postgresql.Driver")
                            .withUrl(postgres.jdbcUrl())
                            .withUser(postgres.username())
                            .withPassword(postgres.password()))
                    .withGenerator(generator));
        }
        fingerprint.writeStampTo(targetDir);
        log("generated jOOQ classes " + packageName + " from " + migrations + " in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    private static Generator generator(Path targetDir, String packageName) {
        return new Generator()
                .withDatabase(new Database()
                        .withName("org.jooq.meta.postgres.PostgresDatabase")
                        .withInputSchema("public")
                        // unqualified names: the app's connection decides the schema (search_path)
                        .withOutputSchemaToDefault(true)
                        .withExcludes("flyway_schema_history"))
                .withGenerate(new Generate()
                        .withGeneratedAnnotation(false)
                        .withJavaTimeTypes(true)
                        .withComments(true)
                        .withFluentSetters(true)
                        .withPojos(false)
                        .withDaos(false))
                .withTarget(new Target()
                        .withPackageName(packageName)
                        .withDirectory(targetDir.toAbsolutePath().toString())
                        .withEncoding("UTF-8")
                        .withClean(true));
    }

    private static void log(String message) {
        System.out.println("[jooq-codegen] " + message);
    }
}
