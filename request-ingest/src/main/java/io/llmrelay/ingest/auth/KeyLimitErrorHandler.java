package io.llmrelay.ingest.auth;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers what a valid key is not allowed to do, in OpenAI's error format: 403 {@code model_not_allowed} and 429
 * {@code rate_limit_exceeded} with {@code Retry-After} (whole seconds, rounded up) and {@code retry-after-ms}, which
 * the OpenAI SDKs honour. Ordered before the API's catch-all handler so these never become a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeyLimitErrorHandler {

    @ExceptionHandler(ModelNotAllowedException.class)
    ResponseEntity<Map<String, Object>> modelNotAllowed(ModelNotAllowedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(error("Your relay key is not allowed to use the "
                + "model `" + e.model() + "`. Ask the relay's administrators to add it to the key's allowed models.",
                "invalid_request_error", "model", "model_not_allowed"));
    }

    @ExceptionHandler(KeyRateLimitedException.class)
    ResponseEntity<Map<String, Object>> rateLimited(KeyRateLimitedException e) {
        long millis = Math.max(1, e.retryAfter().toMillis());
        long seconds = (millis + 999) / 1000;
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .header("retry-after-ms", Long.toString(millis))
                .body(error("Rate limit reached for your relay key: " + e.rpmLimit() + " requests per minute. "
                        + "Please try again in " + seconds + "s.", "requests", null, "rate_limit_exceeded"));
    }

    static Map<String, Object> error(String message, String type, String param, String code) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", message);
        detail.put("type", type);
        detail.put("param", param);
        detail.put("code", code);
        return Map.of("error", detail);
    }
}
