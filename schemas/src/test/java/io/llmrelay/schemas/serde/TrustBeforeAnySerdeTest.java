package io.llmrelay.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Copying a generated record deep-copies through Avro's class lookup, which refuses untrusted packages.
 * It must work in a fresh JVM that never loaded a serde, so this runs in its own JVM.
 */
class TrustBeforeAnySerdeTest {

    @Test
    void aRecordCanBeCopiedBeforeAnySerdeIsLoaded() throws Exception {
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CopyWithoutSerde.class.getName()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("copied UsageEvent");
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** Touches only generated classes: no AvroSerde, no Topics. */
    public static final class CopyWithoutSerde {
        public static void main(String[] args) {
            var original = UsageEventFixture.one();
            var copy = io.llmrelay.schemas.UsageEvent.newBuilder(original).build();
            System.out.println(copy.equals(original) ? "copied UsageEvent" : "copy differs");
        }
    }
}
