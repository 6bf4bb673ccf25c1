package io.llmrelay.ingest.admin;

import org.springframework.http.HttpStatus;

/** A refused admin call, answered in OpenAI's error format with the offending {@code param}. No stack trace. */
final class AdminException extends RuntimeException {

    private final HttpStatus status;
    private final String param;
    private final String code;

    private AdminException(HttpStatus status, String message, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    static AdminException invalid(String param, String code, String message) {
        return new AdminException(HttpStatus.BAD_REQUEST, message, param, code);
    }

    static AdminException unauthenticated() {
        return new AdminException(HttpStatus.UNAUTHORIZED, "The admin API needs the relay's admin key in an "
                + "Authorization header using Bearer auth; the key given is missing or wrong.", null,
                "invalid_api_key");
    }

    static AdminException notFound(String id) {
        return new AdminException(HttpStatus.NOT_FOUND, "No relay key with id '" + id + "'.", "id", "key_not_found");
    }

    static AdminException notLive(String id, String status) {
        return new AdminException(HttpStatus.CONFLICT, "Relay key '" + id + "' is " + status
                + " and cannot be rotated; create a new key instead.", "id", "key_not_active");
    }

    HttpStatus status() {
        return status;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }
}
