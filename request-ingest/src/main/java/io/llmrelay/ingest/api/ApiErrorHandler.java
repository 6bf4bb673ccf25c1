package io.llmrelay.ingest.api;

import io.llmrelay.ingest.auth.AuthenticationException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where refusals become HTTP answers, all in OpenAI's error format
 * {@code {"error": {"message", "type", "param", "code"}}} so the SDKs raise their usual exceptions. (Outcomes of
 * requests that reached Kafka are answers, not exceptions: see {@link CompletionResponses}.)
 */
@RestControllerAdvice
class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    static ApiException unparsableBody() {
        return ApiException.invalid(null, null, "We could not parse the JSON body of your request. The relay "
                + "expects a JSON object as in OpenAI's chat completions API, but what was sent was not valid JSON.");
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> invalid(ApiException e) {
        return ResponseEntity.status(e.status()).body(e.body());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ErrorBody> unauthenticated(AuthenticationException e) {
        String message = e.fingerprint() == null
                ? "You didn't provide an API key. Send your relay key in an Authorization header using Bearer auth "
                        + "(Authorization: Bearer YOUR_RELAY_KEY)."
                : "Incorrect API key provided (fingerprint " + e.fingerprint() + "). Use a relay key issued for this "
                        + "relay, not a provider's key.";
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(ErrorBody.invalidRequest(message, null, "invalid_api_key"));
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ErrorBody> tooLarge(BodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ErrorBody.invalidRequest(
                "The request body is too large: this relay accepts at most " + e.limitBytes() + " bytes.", null,
                "request_too_large"));
    }

    /** Thrown for a missing body, and wrapping I/O errors while reading one (such as an oversized body). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        return invalid(unparsableBody());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(ErrorBody.invalidRequest(
                "Unsupported Content-Type '" + e.getContentType() + "'. Send the body as JSON with "
                        + "'Content-Type: application/json'.", null, "unsupported_media_type"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).body(ErrorBody.invalidRequest(
                "This endpoint answers with application/json (or text/event-stream when streaming); the Accept "
                        + "header allows neither.", null, "not_acceptable"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(e.getHeaders()).body(
                ErrorBody.invalidRequest("Method " + e.getMethod() + " is not allowed for " + request.getRequestURI()
                        + "; allowed: " + e.getSupportedHttpMethods() + ".", null, "method_not_allowed"));
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<ErrorBody> notFound(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(invalidUrl(request.getMethod(),
                request.getRequestURI()));
    }

    /** Spring's other request errors (missing parameters, binding): their status, our format. */
    @ExceptionHandler({ServletException.class, ErrorResponseException.class})
    ResponseEntity<ErrorBody> otherRequestError(Exception e, HttpServletRequest request) {
        if (!(e instanceof ErrorResponse response) || response.getStatusCode().is5xxServerError()) {
            return unexpected(e, request);
        }
        String detail = response.getBody().getDetail();
        return ResponseEntity.status(response.getStatusCode()).body(ErrorBody.invalidRequest(
                detail != null ? detail : "The request could not be processed.", null, null));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error answering {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(serverError());
    }

    static ErrorBody invalidUrl(String method, String uri) {
        return ErrorBody.invalidRequest("Invalid URL (" + method + " " + uri + ")", null, "unknown_url");
    }

    static ErrorBody serverError() {
        return ErrorBody.of("The relay had an error while processing your request. Retry, and contact the relay's "
                + "operators if the error persists.", "server_error", null, null);
    }
}
