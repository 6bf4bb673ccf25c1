package io.llmrelay.worker.credentials;

/**
 * No usable credential for a provider. The message names the provider and the entry (never the value) and says
 * why: missing, marked bad after rejections, failed decryption, invalid format.
 */
public final class CredentialUnavailableException extends Exception {

    public CredentialUnavailableException(String message) {
        super(message);
    }
}
