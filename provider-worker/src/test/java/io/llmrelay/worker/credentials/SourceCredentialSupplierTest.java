package io.llmrelay.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SourceCredentialSupplierTest {

    private static final String KEY_1 = "sk-proj-first-0123456789abcdef";
    private static final String KEY_2 = "sk-proj-second-0123456789abcdef";
    private static final String KEY_10 = "sk-proj-tenth-0123456789abcdef";
    private static final String ROTATED = "sk-proj-rotated-0123456789abcdef";

    private final MemorySource source = new MemorySource();
    private final CapturedEvents captured = new CapturedEvents();
    private final String kek = KeyEncryptionKeys.generate("k1");
    private final EnvelopeCipher cipher = new EnvelopeCipher(KeyEncryptionKeys.parse(kek, "test"));

    @AfterEach
    void noEventHoldsAKey() {
        for (AuditEvent event : captured.events) {
            for (String key : List.of(KEY_1, KEY_2, KEY_10, ROTATED)) {
                assertThat(event.toString()).doesNotContain(key).doesNotContain(key.substring(key.length() - 8));
            }
            assertThat(event.getActor()).isEqualTo(CapturedEvents.ACTOR);
            assertThat(event.getSubject()).isEqualTo("openai");
        }
    }

    @Test
    void usesTheLowestNumberedHealthyKey() throws CredentialUnavailableException {
        source.put("openai-api-key-10", KEY_10).put("openai-api-key-2", KEY_2).put("openai-api-key", KEY_1)
                .put("anthropic-api-key", "sk-ant-api03-0123456789abcdef").put("openai-api-keyring", KEY_2);

        Credential current = plainSupplier().current();

        assertThat(current.name()).isEqualTo("memory/openai-api-key");
        assertThat(current.secret().reveal()).isEqualTo(KEY_1);
        assertThat(current.type()).isEqualTo(Credential.Type.API_KEY);
        assertThat(captured.withAction("credential.loaded")).extracting(e -> e.getDetails().get("entry"))
                .containsExactly("memory/openai-api-key", "memory/openai-api-key-2", "memory/openai-api-key-10");
        assertThat(captured.withAction("credential.loaded").getFirst().getKeyFingerprint())
                .isEqualTo(Secret.of(KEY_1).fingerprint());
    }

    @Test
    void followsARotatedEntryAndAuditsTheRotation() throws CredentialUnavailableException {
        source.put("openai-api-key", KEY_1);
        CredentialSupplier supplier = plainSupplier();

        source.put("openai-api-key", ROTATED);

        assertThat(supplier.current().secret().reveal()).isEqualTo(ROTATED);
        AuditEvent rotated = captured.withAction("credential.rotated").getFirst();
        assertThat(rotated.getKeyFingerprint()).isEqualTo(Secret.of(ROTATED).fingerprint());
        assertThat(rotated.getDetails()).containsEntry("previous_fingerprint", Secret.of(KEY_1).fingerprint())
                .containsEntry("entry", "memory/openai-api-key");
        assertThat(rotated.getOutcome()).isEqualTo("success");
    }

    @Test
    void aRejectedKeyIsRetriedWithTheKeyTheReReadFinds() throws CredentialUnavailableException {
        source.put("openai-api-key", KEY_1);
        CredentialSupplier supplier = plainSupplier();
        Credential used = supplier.current();
        source.putQuietly("openai-api-key", ROTATED);

        Optional<Credential> retry = supplier.rejected(used);

        assertThat(retry).map(c -> c.secret().reveal()).contains(ROTATED);
        assertThat(source.freshReads).hasValue(1);
        assertThat(supplier.current().secret().reveal()).isEqualTo(ROTATED);
        assertThat(captured.actions()).containsExactly("credential.loaded", "credential.rotated",
                "provider.credential_rejected");
        assertThat(captured.withAction("provider.credential_rejected").getFirst().getKeyFingerprint())
                .isEqualTo(used.fingerprint());
        assertThat(captured.badCount("openai")).isZero();
    }

    @Test
    void aKeyStillRejectedAfterTheReReadIsMarkedBadAndTheNextOneUsed() throws CredentialUnavailableException {
        source.put("openai-api-key", KEY_1).put("openai-api-key-2", KEY_2);
        CredentialSupplier supplier = plainSupplier();
        Credential used = supplier.current();

        Optional<Credential> retry = supplier.rejected(used);

        assertThat(retry).map(Credential::name).contains("memory/openai-api-key-2");
        assertThat(supplier.current().secret().reveal()).isEqualTo(KEY_2);
        assertThat(source.freshReads).hasValue(1);
        assertThat(captured.badCount("openai")).isEqualTo(1);
        AuditEvent rejected = captured.withAction("provider.credential_rejected").getFirst();
        assertThat(rejected.getDetails()).containsEntry("retry_with", "memory/openai-api-key-2");
        AuditEvent markedBad = captured.withAction("provider.credential_marked_bad").getFirst();
        assertThat(markedBad.getKeyFingerprint()).isEqualTo(Secret.of(KEY_1).fingerprint());
        assertThat(markedBad.getDetails()).containsEntry("usable_left", "1");
        assertThat(markedBad.getOutcome()).isEqualTo("failure");
    }

    @Test
    void withAllKeysBadTheProviderIsUnavailableUntilAnEntryChanges() throws CredentialUnavailableException {
        source.put("openai-api-key", KEY_1).put("openai-api-key-2", KEY_2);
        CredentialSupplier supplier = plainSupplier();

        assertThat(supplier.rejected(supplier.current())).isPresent();
        assertThat(supplier.rejected(supplier.current())).isEmpty();

        assertThatThrownBy(supplier::current).isInstanceOf(CredentialUnavailableException.class)
                .hasMessageContaining("provider 'openai' has no usable credential in memory")
                .hasMessageContaining("openai-api-key was rejected by the provider (fingerprint "
                        + Secret.of(KEY_1).fingerprint() + ") and is marked bad until it changes")
                .hasMessageContaining("openai-api-key-2 was rejected")
                .hasMessageNotContaining(KEY_1).hasMessageNotContaining(KEY_2);
        assertThat(captured.badCount("openai")).isEqualTo(2);

        source.put("openai-api-key-2", ROTATED);
        assertThat(supplier.current().secret().reveal()).isEqualTo(ROTATED);
    }

    @Test
    void concurrentRejectionsOfOneKeyReReadTheSourceOnce() throws Exception {
        source.put("openai-api-key", KEY_1).put("openai-api-key-2", KEY_2);
        CredentialSupplier supplier = plainSupplier();
        Credential used = supplier.current();
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Credential>>> retries = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                Callable<Optional<Credential>> reject = () -> {
                    start.await();
                    return supplier.rejected(used);
                };
                retries.add(threads.submit(reject));
            }
            start.countDown();
            for (Future<Optional<Credential>> retry : retries) {
                assertThat(retry.get()).map(c -> c.secret().reveal()).contains(KEY_2);
            }
        }

        assertThat(source.freshReads).hasValue(1);
        assertThat(captured.withAction("provider.credential_rejected")).hasSize(callers);
        assertThat(captured.withAction("provider.credential_marked_bad")).hasSize(1);
    }

    @Test
    void refusesPlainEntriesWhenEncryptionIsRequired() throws CredentialUnavailableException {
        source.put("openai-api-key", KEY_1).put("openai-api-key-2", cipher.encrypt("openai-api-key-2", "k1", KEY_2));

        CredentialSupplier supplier = supplier(true);

        assertThat(supplier.current().secret().reveal()).isEqualTo(KEY_2);
        AuditEvent invalid = captured.withAction("credential.invalid").getFirst();
        assertThat(invalid.getDetails()).containsEntry("entry", "memory/openai-api-key")
                .containsEntry("reason", "is not encrypted (enc:v1:...) and relay.credentials.require-encryption"
                        + " is true");
        assertThat(invalid.getOutcome()).isEqualTo("failure");
    }

    @Test
    void anEntryThatCannotBeDecryptedMakesTheProviderUnavailableAndIsAudited() {
        String foreign = new EnvelopeCipher(KeyEncryptionKeys.parse(KeyEncryptionKeys.generate("k9"), "other"))
                .encrypt("openai-api-key", "k9", KEY_1);
        source.put("openai-api-key", foreign);

        CredentialSupplier supplier = supplier(true);

        assertThatThrownBy(supplier::current).isInstanceOf(CredentialUnavailableException.class)
                .hasMessage("provider 'openai' has no usable credential in memory: openai-api-key cannot be"
                        + " decrypted: unknown KEK id 'k9' (this worker has [k1])");
        AuditEvent failed = captured.withAction("credential.decryption_failed").getFirst();
        assertThat(failed.getDetails()).containsEntry("entry", "memory/openai-api-key")
                .containsEntry("reason", "cannot be decrypted: unknown KEK id 'k9' (this worker has [k1])");
        assertThat(failed.getKeyFingerprint()).isEqualTo(Secret.of(foreign).fingerprint());
    }

    @Test
    void aKeyOfTheWrongFormatIsNotUsed() throws CredentialUnavailableException {
        source.put("openai-api-key", "pk-live-0123456789abcdef").put("openai-api-key-2", KEY_2);

        CredentialSupplier supplier = plainSupplier();

        assertThat(supplier.current().secret().reveal()).isEqualTo(KEY_2);
        assertThat(captured.withAction("credential.invalid").getFirst().getDetails())
                .containsEntry("reason", "is not a valid OPENAI key: it does not start with 'sk-'");
    }

    @Test
    void aRemovedEntryIsNoLongerUsed() throws CredentialUnavailableException {
        source.put("openai-api-key", KEY_1);
        CredentialSupplier supplier = plainSupplier();
        supplier.current();

        source.remove("openai-api-key");

        assertThatThrownBy(supplier::current).hasMessage(
                "provider 'openai' has no usable credential in memory: no entry openai-api-key");
        assertThat(captured.withAction("credential.removed")).singleElement()
                .extracting(AuditEvent::getKeyFingerprint).isEqualTo(Secret.of(KEY_1).fingerprint());
    }

    private CredentialSupplier plainSupplier() {
        return supplier(false);
    }

    private CredentialSupplier supplier(boolean encryptionRequired) {
        return SourceCredentialSupplier.start("openai", ProviderKind.OPENAI, source,
                new EntryDecoder(cipher, encryptionRequired), captured.credentialEvents());
    }
}
