package io.llmrelay.schemas.compat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;

/**
 * Reads the contracts as they are in the work tree and as they were in each earlier commit, using
 * git. A version is parsed together with the shared types ({@code common/}) of the same commit.
 */
final class SchemaHistory {

    static final String AVRO_DIR = "schemas/src/main/avro";

    private final Path repoRoot;

    private SchemaHistory(Path repoRoot) {
        this.repoRoot = repoRoot;
    }

    /** The history of the repository holding the working directory, or null when git or history is missing. */
    static SchemaHistory find() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".git"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return null;
        }
        SchemaHistory history = new SchemaHistory(dir);
        return history.git("rev-parse", "HEAD").isEmpty() ? null : history;
    }

    List<String> topLevelSchemaFiles() throws IOException {
        try (var files = Files.list(repoRoot.resolve(AVRO_DIR))) {
            return files.filter(p -> p.toString().endsWith(".avsc")).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    Schema current(String file) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        try (var common = Files.list(repoRoot.resolve(AVRO_DIR).resolve("common"))) {
            for (Path p : common.sorted().toList()) {
                parser.parse(Files.readString(p));
            }
        }
        return parser.parse(Files.readString(repoRoot.resolve(AVRO_DIR).resolve(file)));
    }

    /** Commits that changed {@code file} or a shared type, newest first. */
    List<String> commitsTouching(String file) {
        String out = git("log", "--format=%H", "--", AVRO_DIR + "/" + file, AVRO_DIR + "/common");
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    /** The schema as committed in {@code commit}, or null when the file did not exist there. */
    Schema at(String commit, String file) {
        String text = git("show", commit + ":" + AVRO_DIR + "/" + file);
        if (text.isBlank()) {
            return null;
        }
        Schema.Parser parser = new Schema.Parser();
        String commonList = git("ls-tree", "--name-only", commit, AVRO_DIR + "/common/");
        for (String path : commonList.isBlank() ? new String[0] : commonList.strip().split("\n")) {
            parser.parse(git("show", commit + ":" + path));
        }
        return parser.parse(text);
    }

    private String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", repoRoot.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
