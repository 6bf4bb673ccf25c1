package io.llmrelay.ingest.auth;

import java.time.Duration;

/** The caller's key used up its requests per minute on this replica; answered 429 with {@code Retry-After}. */
final class KeyRateLimitedException extends RuntimeException {

    private final int rpmLimit;
    private final Duration retryAfter;

    KeyRateLimitedException(String keyId, int rpmLimit, Duration retryAfter) {
        super("relay key " + keyId + " is over its limit of " + rpmLimit + " requests per minute", null, false, false);
        this.rpmLimit = rpmLimit;
        this.retryAfter = retryAfter;
    }

    int rpmLimit() {
        return rpmLimit;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
