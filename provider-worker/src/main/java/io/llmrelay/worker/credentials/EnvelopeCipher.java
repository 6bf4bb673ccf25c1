package io.llmrelay.worker.credentials;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.llmrelay.worker.provider.Secret;

/**
 * Envelope encryption of credential entries, so a value in a Secret (or file, or variable) is useless without a
 * key-encryption key that lives elsewhere (a mounted file or the environment): Kubernetes stores Secrets only
 * base64-encoded unless the cluster encrypts etcd, and anyone with {@code get} on the Secret reads them.
 *
 * <p>Format, version 1: {@code enc:v1:<kek-id>:<base64(wrapped DEK)>:<base64(sealed value)>}. Each value has its
 * own random 256-bit data key (DEK); the wrapped DEK is a 12-byte nonce followed by AES-256-GCM(KEK, DEK) with the
 * KEK id and the entry name as associated data; the sealed value is a 12-byte nonce followed by
 * AES-256-GCM(DEK, UTF-8 value) with the entry name as associated data. Binding the entry name means a ciphertext
 * copied to another entry (say, a test key over the production one) fails to decrypt instead of being used.
 */
final class EnvelopeCipher {

    static final String PREFIX = "enc:";
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final int DEK_BYTES = 32;
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,8}");

    private final KeyEncryptionKeys keks;
    private final SecureRandom random = new SecureRandom();

    EnvelopeCipher(KeyEncryptionKeys keks) {
        this.keks = keks;
    }

    /** Whether {@code raw} claims to be an envelope (of any version); a plain key never starts with "enc:". */
    static boolean isEnvelope(String raw) {
        return raw.startsWith(PREFIX);
    }

    String encrypt(String entry, String kekId, String value) {
        SecretKey kek = keks.get(kekId).orElseThrow(() -> new IllegalArgumentException(
                "unknown KEK id '" + kekId + "'; known: " + keks.ids()));
        byte[] dek = new byte[DEK_BYTES];
        random.nextBytes(dek);
        try {
            byte[] wrapped = seal(kek, dek, dekAad(kekId, entry));
            byte[] sealed = seal(new SecretKeySpec(dek, "AES"), value.getBytes(StandardCharsets.UTF_8),
                    valueAad(entry));
            Base64.Encoder base64 = Base64.getEncoder();
            return PREFIX + VERSION + ":" + kekId + ":" + base64.encodeToString(wrapped) + ":"
                    + base64.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this Java runtime", e);
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    /** @throws DecryptionException naming {@code entry} and the reason, never the value */
    Secret decrypt(String entry, Secret envelope) throws DecryptionException {
        String[] parts = envelope.reveal().split(":", -1);
        if (parts.length < 2 || !"enc".equals(parts[0])) {
            throw new DecryptionException(entry, "bad format: not an enc:v1 envelope");
        }
        if (!VERSION.equals(parts[1])) {
            throw new DecryptionException(entry, "unsupported envelope version"
                    + (SAFE_TOKEN.matcher(parts[1]).matches() ? " '" + parts[1] + "'" : "") + "; this worker reads v1");
        }
        if (parts.length != 5) {
            throw new DecryptionException(entry, "bad format: an enc:v1 envelope has 5 ':'-separated parts, this has "
                    + parts.length);
        }
        String kekId = parts[2];
        if (!KeyEncryptionKeys.ID.matcher(kekId).matches()) {
            throw new DecryptionException(entry, "bad format: the KEK id is not 1-16 letters, digits, '.', '_' or '-'");
        }
        SecretKey kek = keks.get(kekId).orElseThrow(() -> new DecryptionException(entry,
                "unknown KEK id '" + kekId + "' (this worker has " + keks.ids() + ")"));
        byte[] wrapped = base64(entry, parts[3], "wrapped data key");
        byte[] sealed = base64(entry, parts[4], "sealed value");
        if (wrapped.length != NONCE_BYTES + DEK_BYTES + TAG_BYTES) {
            throw new DecryptionException(entry, "bad format: the wrapped data key is " + wrapped.length
                    + " bytes, expected " + (NONCE_BYTES + DEK_BYTES + TAG_BYTES));
        }
        if (sealed.length <= NONCE_BYTES + TAG_BYTES) {
            throw new DecryptionException(entry, "bad format: the sealed value is too short");
        }
        byte[] dek = open(entry, kek, wrapped, dekAad(kekId, entry), "authentication failed unwrapping the data key"
                + " with KEK '" + kekId + "': a wrong key under that id, or an envelope altered or made for another"
                + " entry");
        try {
            byte[] plain = open(entry, new SecretKeySpec(dek, "AES"), sealed, valueAad(entry),
                    "authentication failed decrypting the value: the envelope was altered");
            try {
                return toSecret(entry, plain);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    private static Secret toSecret(String entry, byte[] plain) throws DecryptionException {
        String value;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plain));
            value = chars.toString();
        } catch (CharacterCodingException e) {
            throw new DecryptionException(entry, "the decrypted value is not UTF-8 text");
        }
        if (value.isBlank()) {
            throw new DecryptionException(entry, "the decrypted value is blank");
        }
        return Secret.of(value);
    }

    private byte[] seal(SecretKey key, byte[] plain, byte[] aad) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(plain);
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return out;
    }

    private static byte[] open(String entry, SecretKey key, byte[] input, byte[] aad, String whenTagFails)
            throws DecryptionException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, input, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(input, NONCE_BYTES, input.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new DecryptionException(entry, whenTagFails);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(entry, "cannot decrypt: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] base64(String entry, String text, String what) throws DecryptionException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(entry, "bad format: the " + what + " is not valid base64");
        }
    }

    private static byte[] dekAad(String kekId, String entry) {
        return ("llm-relay:dek:" + VERSION + ":" + kekId + ":" + entry).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] valueAad(String entry) {
        return ("llm-relay:value:" + VERSION + ":" + entry).getBytes(StandardCharsets.UTF_8);
    }
}
