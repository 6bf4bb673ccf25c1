package io.llmrelay.aggregator.budget;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors of the budget admin API as {@code {"error": {"message", "type", "param", "code"}}}. */
@RestControllerAdvice(assignableTypes = BudgetController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class BudgetErrorHandler {

    @ExceptionHandler(BudgetApiException.class)
    ResponseEntity<Map<String, Object>> refused(BudgetApiException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer.body(body(e.getMessage(), e.type(), e.param(), e.code()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(body("The body is not a budget in JSON: {\"limit_micros\": 5000000, "
                + "\"period\": \"month\", \"thresholds_percent\": [50, 75, 90, 100], \"hard\": true}.",
                "invalid_request_error", null, "invalid_body"));
    }

    private static Map<String, Object> body(String message, String type, String param, String code) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", message);
        detail.put("type", type);
        detail.put("param", param);
        detail.put("code", code);
        return Map.of("error", detail);
    }
}
