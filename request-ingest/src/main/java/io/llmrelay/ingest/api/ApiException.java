package io.llmrelay.ingest.api;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses as invalid ({@code invalid_request_error}), with the status to answer and the OpenAI
 * {@code param} and {@code code}. No stack trace: these are callers' mistakes, frequent and not the relay's fault.
 */
final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String param;
    private final String code;

    private ApiException(HttpStatus status, String message, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    static ApiException invalid(String param, String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message, param, code);
    }

    static ApiException modelNotFound(String model) {
        return new ApiException(HttpStatus.NOT_FOUND,
                "The model `" + model + "` does not exist or you do not have access to it.", "model",
                "model_not_found");
    }

    HttpStatus status() {
        return status;
    }

    ErrorBody body() {
        return ErrorBody.invalidRequest(getMessage(), param, code);
    }
}
