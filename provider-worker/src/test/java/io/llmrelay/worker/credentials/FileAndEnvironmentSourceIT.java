package io.llmrelay.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAndEnvironmentSourceIT {

    private static final String KEY_1 = "sk-proj-first-0123456789abcdef";
    private static final String KEY_2 = "sk-proj-second-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void aPropertiesFileIsReadAgainWhenItChanges() throws Exception {
        Path file = dir.resolve("credentials.properties");
        Files.writeString(file, "# local keys\nopenai-api-key=" + KEY_1 + "\nempty=\n");
        AtomicInteger changes = new AtomicInteger();
        try (FileSource source = new FileSource(file, Duration.ofMillis(100))) {
            source.onChange(changes::incrementAndGet);
            CredentialSupplier supplier = SourceCredentialSupplier.start("openai", ProviderKind.OPENAI, source,
                    new EntryDecoder(new EnvelopeCipher(KeyEncryptionKeys.none()), false),
                    new CapturedEvents().credentialEvents());
            assertThat(source.read()).containsOnlyKeys("openai-api-key");
            assertThat(supplier.current().secret().reveal()).isEqualTo(KEY_1);

            Files.writeString(file, "openai-api-key=" + KEY_2 + "\n");

            await().atMost(Duration.ofSeconds(10)).until(() -> supplier.current().secret().reveal().equals(KEY_2));
            assertThat(changes).hasValue(1);
        }
    }

    /**
     * Rejections re-read the source while holding their supplier's lock; the change they find must not be announced
     * on their thread, or two providers' rejections could each wait for the other's lock.
     */
    @Test
    void providersSharingASourceRejectKeysConcurrentlyWhileItChanges() throws Exception {
        Path file = dir.resolve("credentials.properties");
        Files.writeString(file, "openai-api-key=" + KEY_1 + "\nother-api-key=" + KEY_2 + "\n");
        try (FileSource source = new FileSource(file, Duration.ofMillis(20))) {
            EntryDecoder decoder = new EntryDecoder(new EnvelopeCipher(KeyEncryptionKeys.none()), false);
            CapturedEvents captured = new CapturedEvents();
            List<CredentialSupplier> suppliers = List.of(
                    SourceCredentialSupplier.start("openai", ProviderKind.OPENAI, source, decoder,
                            captured.credentialEvents()),
                    SourceCredentialSupplier.start("other", ProviderKind.OPENAI, source, decoder,
                            captured.credentialEvents()));
            // not try-with-resources: closing would wait for deadlocked threads for ever instead of failing
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int round = 0; round < 200; round++) {
                    String suffix = Integer.toString(round);
                    work.add(threads.submit(() -> {
                        Files.writeString(file, "openai-api-key=" + KEY_1 + suffix + "\nother-api-key=" + KEY_2
                                + suffix + "\n");
                        return null;
                    }));
                    for (CredentialSupplier supplier : suppliers) {
                        work.add(threads.submit(() -> {
                            try {
                                supplier.rejected(supplier.current());
                            } catch (CredentialUnavailableException e) {
                                // every key of the moment marked bad: fine here, the next write brings new ones
                            }
                            return null;
                        }));
                    }
                }
                for (Future<?> done : work) {
                    done.get(30, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            Files.writeString(file, "openai-api-key=" + KEY_2 + "\nother-api-key=" + KEY_1 + "\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> suppliers.get(0).current().secret().reveal()
                    .equals(KEY_2) && suppliers.get(1).current().secret().reveal().equals(KEY_1));
        }
    }

    @Test
    void aDirectoryIsOneFilePerEntryAsKubernetesMountsASecret() throws IOException {
        Files.writeString(dir.resolve("openai-api-key"), KEY_1 + "\n");
        Files.createDirectory(dir.resolve("..2026_11_26_12_00_00.000000001"));
        Files.writeString(dir.resolve(".hidden"), "not an entry");

        try (FileSource source = new FileSource(dir, Duration.ofSeconds(60))) {
            assertThat(source.read()).containsOnlyKeys("openai-api-key");
            assertThat(source.read().get("openai-api-key").reveal()).isEqualTo(KEY_1);

            Files.writeString(dir.resolve("openai-api-key-2"), KEY_2);
            assertThat(source.readFresh()).containsOnlyKeys("openai-api-key", "openai-api-key-2");
        }
    }

    @Test
    void environmentVariablesNameEntriesInUpperCase() {
        EnvironmentSource source = new EnvironmentSource(Map.of("RELAY_CREDENTIAL_OPENAI_API_KEY", KEY_1,
                "RELAY_CREDENTIAL_AZURE_EAST_API_KEY_2", KEY_2, "RELAY_CREDENTIAL_BLANK", " ", "OPENAI_API_KEY", "x",
                "RELAY_CREDENTIAL_", "y"));

        assertThat(source.read()).containsOnlyKeys("openai-api-key", "azure-east-api-key-2");
        assertThat(source.read().get("azure-east-api-key-2")).extracting(Secret::reveal).isEqualTo(KEY_2);
    }
}
