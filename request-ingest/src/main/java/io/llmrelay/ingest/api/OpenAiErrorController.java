package io.llmrelay.ingest.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel error page for errors that never reach a handler (the servlet container's own,
 * or failures in filters), so those answers are in OpenAI's format too.
 */
@RestController
class OpenAiErrorController implements ErrorController {

    @RequestMapping("${spring.web.error.path:/error}")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ErrorBody body = switch (status) {
            case NOT_FOUND -> ApiErrorHandler.invalidUrl(request.getMethod(), uri != null ? uri.toString() : "");
            case INTERNAL_SERVER_ERROR -> ApiErrorHandler.serverError();
            default -> ErrorBody.invalidRequest(status.getReasonPhrase(), null, null);
        };
        return ResponseEntity.status(status).body(body);
    }
}
