package io.llmrelay.aggregator.budget;

import org.springframework.http.HttpStatus;

/** A refused or failed admin call, answered as {@code {"error": {"message", "type", "param", "code"}}}. No stack trace. */
final class BudgetApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String param;
    private final String code;

    private BudgetApiException(HttpStatus status, String type, String message, String param, String code, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    static BudgetApiException invalid(String param, String code, String message) {
        return new BudgetApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", message, param, code, null);
    }

    static BudgetApiException unauthenticated() {
        return new BudgetApiException(HttpStatus.UNAUTHORIZED, "authentication_error", "The admin API needs the "
                + "relay's admin key in an Authorization header using Bearer auth; the key given is missing or wrong.",
                null, "invalid_api_key", null);
    }

    static BudgetApiException notFound(String subject) {
        return new BudgetApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "No budget for '" + subject + "'.",
                "subject", "budget_not_found", null);
    }

    /** Kafka did not take the change within the timeout: nothing was stored, the caller may retry. */
    static BudgetApiException unpublished(String subject, Throwable cause) {
        return new BudgetApiException(HttpStatus.SERVICE_UNAVAILABLE, "api_error", "The budget of '" + subject
                + "' was not changed: Kafka did not accept it (" + cause.getClass().getSimpleName() + "). Retry later.",
                null, "kafka_unavailable", cause);
    }

    HttpStatus status() {
        return status;
    }

    String type() {
        return type;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }
}
