package io.llmrelay.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    private static final String KEY = "sk-test-0123456789abcdef";

    @Test
    void fingerprintIsTheFirstTwelveHexCharactersOfTheKeysSha256() {
        // printf %s 'sk-test-0123456789abcdef' | sha256sum
        // c871f067542d565c57ebb8b54f99afe326644dceeb5c05fc2209a8161a52875e
        assertThat(Secret.of(KEY).fingerprint()).isEqualTo("c871f067542d");
    }

    @Test
    void fingerprintIsOfTheKeyAsSentWithoutSurroundingWhitespace() {
        assertThat(Secret.of("  " + KEY + "\n").fingerprint()).isEqualTo(Secret.of(KEY).fingerprint());
    }

    @Test
    void fingerprintTellsKeysApartThatDifferOnlyInTheirLastCharacter() {
        assertThat(Secret.of(KEY.substring(0, KEY.length() - 1) + "0").fingerprint())
                .isNotEqualTo(Secret.of(KEY).fingerprint());
    }

    @Test
    void neitherTheFingerprintNorTheTextFormShowsAPrefixOrTailOfTheKey() {
        Secret secret = Secret.of(KEY);
        String prefix = KEY.substring(0, 4);
        String tail = KEY.substring(KEY.length() - 4);

        assertThat(secret.fingerprint()).doesNotContain(prefix).doesNotContain(tail);
        assertThat(secret.toString()).doesNotContain(prefix).doesNotContain(tail);
    }
}
