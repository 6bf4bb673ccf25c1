package io.llmrelay.ingest.api;

import java.time.Duration;
import java.util.Set;

import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.ExternalAPIError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The answers for requests that got no completion, in OpenAI's error format. Provider failures carry the
 * {@code ExternalAPIError} fields; {@code x-should-retry} and {@code retry-after-ms}/{@code Retry-After} are the
 * headers the OpenAI SDKs consult before retrying on their own.
 */
final class FailureResponses {

    static final String SHOULD_RETRY = "x-should-retry";
    static final String RETRY_AFTER_MS = "retry-after-ms";
    static final String OPERATION = "chat.completions";
    static final String RELAY = "relay";
    /**
     * Codes of failures without a provider status that are still the caller's fault. {@code invalid_request}: the
     * worker found the request cannot be sent to a provider as it is (e.g. a pass-through field that is not valid
     * JSON), so retrying it unchanged cannot help.
     */
    private static final Set<String> CALLER_ERROR_CODES = Set.of("invalid_request");

    private FailureResponses() {
    }

    /**
     * A provider's 4xx is the caller's mistake (400, with the provider's message), except 401/403 (the relay's
     * credentials), 408 (a timeout) and 429 (the relay's rate limit). Without a provider status, a failure whose
     * code is in {@link #CALLER_ERROR_CODES} is the caller's mistake too. Everything else is 503.
     */
    static ResponseEntity<ErrorBody> failed(CompletionResult result, HttpHeaders headers) {
        ExternalAPIError error = result.getError();
        if (error == null) {
            return provider(HttpStatus.SERVICE_UNAVAILABLE, headers, new ErrorBody.Provider(
                    "The request failed and the worker gave no reason.", "provider_error", null, "provider_error",
                    orRelay(result.getProvider()), OPERATION, null, true, null));
        }
        if (callerError(error)) {
            headers.set(SHOULD_RETRY, "false");
            return ResponseEntity.badRequest().headers(headers)
                    .body(ErrorBody.invalidRequest(error.getMessage(), null, error.getCode()));
        }
        return provider(HttpStatus.SERVICE_UNAVAILABLE, headers,
                detail(error, "provider_error", "provider_error"));
    }

    /** A budget blocked the request: 402, which the SDKs do not retry. */
    static ResponseEntity<ErrorBody> rejected(CompletionResult result, HttpHeaders headers) {
        ExternalAPIError error = result.getError();
        String message = error != null ? error.getMessage()
                : "The budget that applies to this key is exhausted; the request was not sent to a provider.";
        String code = error != null && error.getCode() != null ? error.getCode() : "budget_exceeded";
        headers.set(SHOULD_RETRY, "false");
        return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).headers(headers)
                .body(ErrorBody.of(message, "insufficient_quota", null, code));
    }

    static ResponseEntity<ErrorBody> deadlineExceeded(CompletionResult result, HttpHeaders headers) {
        ExternalAPIError error = result.getError();
        ErrorBody.Provider detail = error != null ? detail(error, "timeout_error", "deadline_exceeded")
                : new ErrorBody.Provider("The request's deadline passed before a provider answered.",
                        "timeout_error", null, "deadline_exceeded", orRelay(result.getProvider()), OPERATION, null,
                        true, null);
        return provider(HttpStatus.GATEWAY_TIMEOUT, headers, detail);
    }

    static ResponseEntity<ErrorBody> timedOut(Duration waited, HttpHeaders headers) {
        return provider(HttpStatus.GATEWAY_TIMEOUT, headers, new ErrorBody.Provider(
                "No result arrived within " + waited.toMillis() + " ms. A worker may still complete the request; "
                        + "retrying sends a new one.", "timeout_error", null, "timeout", RELAY, OPERATION, null,
                true, null));
    }

    static ResponseEntity<ErrorBody> notPublished(HttpHeaders headers) {
        return provider(HttpStatus.SERVICE_UNAVAILABLE, headers, new ErrorBody.Provider(
                "The relay could not queue the request: Kafka did not acknowledge it. Nothing was sent to a "
                        + "provider; retry later.", "server_error", null, "relay_unavailable", RELAY, "publish", null,
                true, null));
    }

    private static ErrorBody.Provider detail(ExternalAPIError error, String type, String defaultCode) {
        return new ErrorBody.Provider(error.getMessage(), type, null,
                error.getCode() != null ? error.getCode() : defaultCode, error.getProvider(), error.getOperation(),
                error.getStatusCode(), error.getRetryable(), error.getRetryAfterMs());
    }

    private static ResponseEntity<ErrorBody> provider(HttpStatus status, HttpHeaders headers,
                                                      ErrorBody.Provider detail) {
        headers.set(SHOULD_RETRY, Boolean.toString(detail.retryable()));
        if (detail.retryAfterMs() != null) {
            headers.set(RETRY_AFTER_MS, Long.toString(detail.retryAfterMs()));
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.ceilDiv(detail.retryAfterMs(), 1000L)));
        }
        return ResponseEntity.status(status).headers(headers).body(new ErrorBody(detail));
    }

    private static boolean callerError(ExternalAPIError error) {
        Integer status = error.getStatusCode();
        if (status == null) {
            // Set.of refuses to look up null
            return error.getCode() != null && CALLER_ERROR_CODES.contains(error.getCode());
        }
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429;
    }

    private static String orRelay(String provider) {
        return provider != null ? provider : RELAY;
    }
}
