package io.llmrelay.worker.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A credential that must not leak: {@link #toString()} is redacted, so logging a settings object or an
 * exception that captured one prints no key. Only the code that puts the key on the wire calls
 * {@link #reveal()}; audit events name the key by its {@link #fingerprint()}.
 */
public final class Secret {

    private static final String REDACTED = "[redacted]";
    /** 12 hex characters, 48 bits: enough that the keys of one deployment do not collide. */
    static final int FINGERPRINT_HEX_CHARS = 12;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Used by Spring's conversion when binding a property to a {@code Secret}. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret");
        if (value.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return new Secret(value.strip());
    }

    public String reveal() {
        return value;
    }

    /**
     * The first 12 hex characters (lower case) of the SHA-256 of the secret's UTF-8 bytes, as stripped when bound.
     * An operator holding a key finds its fingerprint with {@code printf %s "$KEY" | sha256sum | cut -c1-12}.
     * Never a prefix or tail of the key: each gives part of the key away.
     */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, FINGERPRINT_HEX_CHARS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256, which every Java SE runtime has", e);
        }
    }

    /** {@code text} with every occurrence of this secret replaced, for messages that echo request data. */
    public String redactFrom(String text) {
        return text == null ? null : text.replace(value, REDACTED);
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
