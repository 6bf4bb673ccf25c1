package io.llmrelay.worker.credentials;

import java.util.Optional;

import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.Secret;

/**
 * Turns a raw source entry into a value a provider may be called with, or a refusal saying why not: it decrypts
 * envelopes, refuses plain values when encryption is required, and checks the key's format. One place, so every
 * source and every provider kind gets the same rules.
 */
final class EntryDecoder {

    private final EnvelopeCipher cipher;
    private final boolean encryptionRequired;

    EntryDecoder(EnvelopeCipher cipher, boolean encryptionRequired) {
        this.cipher = cipher;
        this.encryptionRequired = encryptionRequired;
    }

    sealed interface Decoded {
        /** @param rawFingerprint fingerprint of the stored (possibly encrypted) value, to detect changes */
        String rawFingerprint();
    }

    record Usable(Secret value, String rawFingerprint) implements Decoded {
    }

    /**
     * @param fingerprint of the decrypted value when decryption worked, else of the stored value
     * @param reason      safe to log: never quotes the value
     */
    record Refused(Refusal refusal, String reason, String fingerprint, String rawFingerprint) implements Decoded {
    }

    enum Refusal {
        DECRYPTION_FAILED("credential.decryption_failed"),
        NOT_ENCRYPTED("credential.invalid"),
        INVALID_FORMAT("credential.invalid");

        final String auditAction;

        Refusal(String auditAction) {
            this.auditAction = auditAction;
        }
    }

    /** @param kind the provider's API, whose key format is checked; empty for secrets that are not API keys */
    Decoded decode(String entry, Secret raw, Optional<ProviderKind> kind) {
        String rawFingerprint = raw.fingerprint();
        Secret value;
        if (EnvelopeCipher.isEnvelope(raw.reveal())) {
            try {
                value = cipher.decrypt(entry, raw);
            } catch (DecryptionException e) {
                return new Refused(Refusal.DECRYPTION_FAILED, "cannot be decrypted: " + e.reason(), rawFingerprint,
                        rawFingerprint);
            }
        } else if (encryptionRequired) {
            return new Refused(Refusal.NOT_ENCRYPTED, "is not encrypted (enc:v1:...) and"
                    + " relay.credentials.require-encryption is true", rawFingerprint, rawFingerprint);
        } else {
            value = raw;
        }
        if (kind.isPresent()) {
            Optional<String> problem = KeyFormat.problem(kind.get(), value.reveal());
            if (problem.isPresent()) {
                return new Refused(Refusal.INVALID_FORMAT, "is not a valid " + kind.get() + " key: it "
                        + problem.get(), value.fingerprint(), rawFingerprint);
            }
        }
        return new Usable(value, rawFingerprint);
    }
}
