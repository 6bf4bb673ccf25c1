package io.llmrelay.worker.provider;

/** The request cannot be sent as it is (for example its {@code extra_json} is not a JSON object). */
public final class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
