package io.llmrelay.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.llmrelay.worker.provider.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptCommandTest {

    private static final String KEY = "sk-proj-0123456789abcdefABCDEF";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void generatesAKekAndEncryptsAValueTheWorkerDecrypts() throws Exception {
        assertThat(run("", "--generate-kek", "--kek-id", "k2026")).isZero();
        String kekLine = output().strip();
        assertThat(kekLine).matches("k2026=[A-Za-z0-9+/]{43}=");
        Path kekFile = Files.writeString(dir.resolve("keks"), kekLine + "\n");
        out.reset();

        assertThat(run(KEY + "\n", "--kek-file", kekFile.toString(), "--kek-id", "k2026", "--entry",
                "openai-api-key")).isZero();

        String envelope = output().strip();
        assertThat(envelope).startsWith("enc:v1:k2026:").doesNotContain(KEY);
        EnvelopeCipher worker = new EnvelopeCipher(KeyEncryptionKeys.parse(Files.readString(kekFile), "keks"));
        assertThat(worker.decrypt("openai-api-key", Secret.of(envelope)).reveal()).isEqualTo(KEY);
    }

    @Test
    void refusesMissingArgumentsAnUnknownKekAndAnEmptyValue() throws Exception {
        Path kekFile = Files.writeString(dir.resolve("keks"), KeyEncryptionKeys.generate("k1"));

        assertThat(run(KEY, "--kek-file", kekFile.toString(), "--entry", "openai-api-key")).isEqualTo(2);
        assertThat(errors()).contains("--kek-id is required").contains("usage:");
        assertThat(run(KEY, "--kek-file", kekFile.toString(), "--kek-id", "k2", "--entry", "e")).isEqualTo(2);
        assertThat(errors()).contains("unknown KEK id 'k2'; known: [k1]");
        assertThat(run("  \n", "--kek-file", kekFile.toString(), "--kek-id", "k1", "--entry", "e")).isEqualTo(2);
        assertThat(errors()).contains("no value on standard input").doesNotContain(KEY);
        assertThat(output()).isEmpty();
    }

    private int run(String stdin, String... args) {
        return EncryptCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
