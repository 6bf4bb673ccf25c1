package io.llmrelay.ingest.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Admin API refusals in OpenAI's error format, ahead of the API's catch-all handler. */
@RestControllerAdvice(assignableTypes = AdminKeysController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(AdminErrorHandler.class);

    @ExceptionHandler(AdminException.class)
    ResponseEntity<Map<String, Object>> refused(AdminException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer.body(error(e.getMessage(), "invalid_request_error", e.param(), e.code()));
    }

    /**
     * PostgreSQL unreachable or failing: 503, nothing changed (each admin change is one statement). Authentication
     * goes on from the snapshot meanwhile. Logged without the statement's parameters, which hold key hashes.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Map<String, Object>> databaseUnavailable(DataAccessException e) {
        log.warn("admin call failed: PostgreSQL did not answer ({})", e.getMostSpecificCause().getClass().getName());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(error("The relay's key database is not "
                + "available; nothing was changed. Retry later.", "server_error", null, "database_unavailable"));
    }

    private static Map<String, Object> error(String message, String type, String param, String code) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", message);
        detail.put("type", type);
        detail.put("param", param);
        detail.put("code", code);
        return Map.of("error", detail);
    }
}
