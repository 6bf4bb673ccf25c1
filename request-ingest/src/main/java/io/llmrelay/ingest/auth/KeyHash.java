package io.llmrelay.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a relay key, the only form in which keys are kept, and the short fingerprint logs may show. */
final class KeyHash {

    /** 8 hex digits: enough to tell keys apart in a log, far too few to help guess one. */
    private static final int FINGERPRINT_HEX_DIGITS = 8;

    private KeyHash() {
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    static String fingerprint(String key) {
        return HexFormat.of().formatHex(sha256(key)).substring(0, FINGERPRINT_HEX_DIGITS);
    }
}
