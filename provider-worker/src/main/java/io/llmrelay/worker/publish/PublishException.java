package io.llmrelay.worker.publish;

/** Kafka refused a record for a reason that resending will not fix (too large, invalid partition, ...). */
public final class PublishException extends RuntimeException {

    PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
