package io.llmrelay.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import io.llmrelay.worker.provider.Secret;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {

    private static final String KEY = "sk-proj-0123456789abcdefABCDEF";
    private static final String ENTRY = "openai-api-key";

    private final String kekOld = KeyEncryptionKeys.generate("k2025");
    private final String kekNew = KeyEncryptionKeys.generate("k2026");
    private final EnvelopeCipher both = cipher(kekOld + "\n" + kekNew);

    @Test
    void decryptsWhatItEncrypted() throws DecryptionException {
        String envelope = both.encrypt(ENTRY, "k2026", KEY);

        assertThat(envelope).startsWith("enc:v1:k2026:").doesNotContain(KEY).doesNotContain(KEY.substring(8));
        assertThat(envelope.split(":")).hasSize(5);
        assertThat(both.decrypt(ENTRY, Secret.of(envelope)).reveal()).isEqualTo(KEY);
    }

    @Test
    void encryptsTheSameValueDifferentlyEachTime() {
        assertThat(both.encrypt(ENTRY, "k2026", KEY)).isNotEqualTo(both.encrypt(ENTRY, "k2026", KEY));
    }

    @Test
    void acceptsEnvelopesOfEveryKekDuringARotation() throws DecryptionException {
        String underOld = cipher(kekOld).encrypt(ENTRY, "k2025", KEY);
        String underNew = cipher(kekNew).encrypt(ENTRY, "k2026", KEY);

        assertThat(both.decrypt(ENTRY, Secret.of(underOld)).reveal()).isEqualTo(KEY);
        assertThat(both.decrypt(ENTRY, Secret.of(underNew)).reveal()).isEqualTo(KEY);
        assertRefused(cipher(kekNew), underOld, "unknown KEK id 'k2025' (this worker has [k2026])");
    }

    @Test
    void refusesAnEnvelopeUnderAnotherKeyWithTheSameId() {
        String envelope = both.encrypt(ENTRY, "k2026", KEY);
        EnvelopeCipher impostor = cipher(KeyEncryptionKeys.generate("k2026"));

        assertRefused(impostor, envelope, "authentication failed unwrapping the data key with KEK 'k2026'");
    }

    @Test
    void refusesATamperedValue() {
        String[] parts = both.encrypt(ENTRY, "k2026", KEY).split(":");
        byte[] sealed = Base64.getDecoder().decode(parts[4]);
        sealed[sealed.length - 20] ^= 1;
        parts[4] = Base64.getEncoder().encodeToString(sealed);

        assertRefused(both, String.join(":", parts), "authentication failed decrypting the value");
    }

    @Test
    void refusesATamperedDataKey() {
        String[] parts = both.encrypt(ENTRY, "k2026", KEY).split(":");
        byte[] wrapped = Base64.getDecoder().decode(parts[3]);
        wrapped[15] ^= 1;
        parts[3] = Base64.getEncoder().encodeToString(wrapped);

        assertRefused(both, String.join(":", parts), "authentication failed unwrapping the data key");
    }

    @Test
    void refusesAnEnvelopeCopiedToAnotherEntry() {
        String envelope = both.encrypt("staging-api-key", "k2026", KEY);

        assertRefused(both, envelope, "made for another entry");
    }

    @Test
    void refusesBadFormatsNamingTheEntryOnly() {
        String good = both.encrypt(ENTRY, "k2026", KEY);
        String[] parts = good.split(":");

        assertRefused(both, "enc:v2:whatever", "unsupported envelope version 'v2'");
        assertRefused(both, "enc:v1:k2026:" + parts[3], "has 5 ':'-separated parts, this has 4");
        assertRefused(both, "enc:v1:k2026:" + parts[3] + ":not*base64", "the sealed value is not valid base64");
        assertRefused(both, "enc:v1:k2026:AAAA:" + parts[4], "the wrapped data key is 3 bytes");
        assertRefused(both, "enc:v1:k2026:" + parts[3] + ":AAAA", "the sealed value is too short");
        assertRefused(both, "enc:v1:" + KEY + ":" + parts[3] + ":" + parts[4], "the KEK id is not");
    }

    @Test
    void parsesKeksFromLinesCommasOrSpacesAndNamesNoKeyInItsErrors() {
        KeyEncryptionKeys keks = KeyEncryptionKeys.parse("# comment\n" + kekOld + ", " + kekNew, "test");
        assertThat(keks.ids()).containsExactly("k2025", "k2026");
        assertThat(keks.toString()).isEqualTo("KeyEncryptionKeys[k2025, k2026]");

        String shortKey = "k1=" + Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyEncryptionKeys.parse(shortKey, "RELAY_CREDENTIALS_KEKS"))
                .hasMessage("RELAY_CREDENTIALS_KEKS: KEK 'k1' is 16 bytes long; a KEK is 32 random bytes (AES-256)");
        assertThatThrownBy(() -> KeyEncryptionKeys.parse("k1=%%%", "f")).hasMessage("f: KEK 'k1' is not valid base64");
        assertThatThrownBy(() -> KeyEncryptionKeys.parse(kekOld + "\n" + kekOld, "f"))
                .hasMessage("f: KEK id 'k2025' appears twice");
        assertThatThrownBy(() -> KeyEncryptionKeys.parse("justakey", "f"))
                .hasMessage("f: KEK 1 is not of the form kek-id=base64");
    }

    private static EnvelopeCipher cipher(String keks) {
        return new EnvelopeCipher(KeyEncryptionKeys.parse(keks, "test"));
    }

    private static void assertRefused(EnvelopeCipher cipher, String envelope, String reason) {
        assertThatThrownBy(() -> cipher.decrypt(ENTRY, Secret.of(envelope)))
                .isInstanceOf(DecryptionException.class)
                .hasMessageStartingWith("entry '" + ENTRY + "': ")
                .hasMessageContaining(reason)
                .hasMessageNotContaining(KEY);
    }
}
