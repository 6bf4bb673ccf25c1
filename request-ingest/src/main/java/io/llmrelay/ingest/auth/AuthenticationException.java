package io.llmrelay.ingest.auth;

/**
 * A request without a usable relay key. Carries at most the key's fingerprint: the key itself must not reach
 * messages, logs or responses.
 */
public final class AuthenticationException extends RuntimeException {

    private final String fingerprint;

    private AuthenticationException(String message, String fingerprint) {
        super(message, null, false, false);
        this.fingerprint = fingerprint;
    }

    static AuthenticationException missing() {
        return new AuthenticationException("no bearer key in the Authorization header", null);
    }

    static AuthenticationException unknown(String fingerprint) {
        return new AuthenticationException("unknown relay key (fingerprint " + fingerprint + ")", fingerprint);
    }

    /** Fingerprint of the rejected key, or null when no key was presented. */
    public String fingerprint() {
        return fingerprint;
    }
}
