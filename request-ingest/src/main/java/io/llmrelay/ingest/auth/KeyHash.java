package io.llmrelay.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a relay key, the only form in which keys are kept, and the short fingerprints logs and audit may show. */
public final class KeyHash {

    /** 8 hex digits: enough to tell keys apart in a log, far too few to help guess one. */
    private static final int FINGERPRINT_HEX_DIGITS = 8;
    /** 12 hex digits on audit events, as for provider keys; starts with the 8 digits logs and 401 answers show. */
    private static final int AUDIT_FINGERPRINT_HEX_DIGITS = 12;

    private KeyHash() {
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    /** The form stored in {@code relay_keys.key_hash}: 64 lower-case hex digits. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    static String fingerprint(String key) {
        return sha256Hex(key).substring(0, FINGERPRINT_HEX_DIGITS);
    }

    public static String auditFingerprint(String key) {
        return sha256Hex(key).substring(0, AUDIT_FINGERPRINT_HEX_DIGITS);
    }
}
