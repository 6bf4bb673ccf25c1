package io.llmrelay.worker.credentials;

/**
 * An entry could not be decrypted. The message names the entry and the reason (unknown KEK id, authentication
 * failed, bad format) and never any part of the value.
 */
final class DecryptionException extends Exception {

    private final String entry;
    private final String reason;

    DecryptionException(String entry, String reason) {
        super("entry '" + entry + "': " + reason);
        this.entry = entry;
        this.reason = reason;
    }

    String entry() {
        return entry;
    }

    String reason() {
        return reason;
    }
}
