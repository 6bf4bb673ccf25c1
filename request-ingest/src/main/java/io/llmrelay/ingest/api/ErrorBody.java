package io.llmrelay.ingest.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * OpenAI's error body, {@code {"error": {"message", "type", "param", "code"}}}, which the SDKs parse into their
 * exceptions. Provider failures add the {@code ExternalAPIError} fields so callers can see what failed where.
 */
record ErrorBody(Detail error) {

    static final String INVALID_REQUEST = "invalid_request_error";

    sealed interface Detail permits Standard, Provider {
    }

    /** The four fields every OpenAI error has; {@code param} and {@code code} are null when they do not apply. */
    record Standard(String message, String type, String param, String code) implements Detail {
    }

    /** A provider (or the relay on its behalf) could not answer: the {@code ExternalAPIError} fields added. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Provider(String message, String type, String param, String code, String provider, String operation,
                    Integer statusCode, boolean retryable, Long retryAfterMs) implements Detail {
    }

    static ErrorBody of(String message, String type, String param, String code) {
        return new ErrorBody(new Standard(message, type, param, code));
    }

    static ErrorBody invalidRequest(String message, String param, String code) {
        return of(message, INVALID_REQUEST, param, code);
    }
}
