package io.llmrelay.ingest.api;

import java.io.IOException;

/**
 * Thrown while reading a request body that exceeds {@code relay.ingest.max-body-size}, at the latest one byte past
 * the limit: an IOException because it surfaces from the body's input stream.
 */
final class BodyTooLargeException extends IOException {

    private final long limitBytes;

    BodyTooLargeException(long limitBytes, long declaredBytes) {
        super(declaredBytes >= 0
                ? "request body of " + declaredBytes + " bytes exceeds the limit of " + limitBytes + " bytes"
                : "request body exceeds the limit of " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    long limitBytes() {
        return limitBytes;
    }
}
