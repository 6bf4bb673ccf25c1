package io.llmrelay.worker.provider;

import java.util.Objects;

/**
 * A credential that must not leak: {@link #toString()} is redacted, so logging a settings object or an
 * exception that captured one prints no key. Only the code that puts the key on the wire calls
 * {@link #reveal()}.
 */
public final class Secret {

    private static final String REDACTED = "[redacted]";

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

    /** {@code text} with every occurrence of this secret replaced, for messages that echo request data. */
    public String redactFrom(String text) {
        return text == null ? null : text.replace(value, REDACTED);
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
