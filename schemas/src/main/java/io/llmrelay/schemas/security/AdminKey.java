package io.llmrelay.schemas.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An operator's admin credential as the services check it: only its SHA-256 is held, and a presented key is compared
 * by digest with {@link MessageDigest#isEqual}, which takes the same time wherever two digests differ; hashing first
 * makes the comparison independent of the presented key's length. {@link #toString()} shows nothing of the key.
 */
public final class AdminKey {

    private static final String BEARER = "bearer ";

    private final byte[] digest;

    public AdminKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an admin key must not be blank");
        }
        this.digest = sha256(key);
    }

    /** The key of an {@code Authorization: Bearer <key>} header value (the scheme in any case); empty when none. */
    public static String presentedBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip()
                : "";
    }

    public boolean matches(String presented) {
        return MessageDigest.isEqual(sha256(presented == null ? "" : presented), digest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    @Override
    public String toString() {
        return "AdminKey[<redacted>]";
    }
}
