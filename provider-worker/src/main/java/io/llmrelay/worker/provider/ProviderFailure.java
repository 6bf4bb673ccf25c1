package io.llmrelay.worker.provider;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why a provider attempt did not produce a completion. {@link HttpFailureClassifier} is the one place
 * that turns answers and exceptions into these; callers decide on retries from {@link #retryable()} and
 * {@link #retryAfter()} only. Messages never contain credentials.
 */
public sealed interface ProviderFailure {

    String provider();

    /** What happened, to what, and what to do; safe to log and to return to callers. */
    String message();

    boolean retryable();

    /** Machine-readable reason, written to {@code ExternalAPIError.code}. */
    String code();

    /** HTTP status of the provider's answer; empty when no answer came. */
    default OptionalInt httpStatus() {
        return OptionalInt.empty();
    }

    /** How long the provider asked us to wait before trying again. */
    default Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    /**
     * Whether the provider may have done, and billed, work: it answered, it timed out mid-call, or the
     * connection broke after the request may have gone out.
     */
    default boolean reachedProvider() {
        return true;
    }

    /** 429. Retried after Retry-After when that fits before the deadline; never counts toward a breaker. */
    record RateLimited(String provider, int status, String message, Optional<Duration> retryAfter)
            implements ProviderFailure {
        @Override public boolean retryable() { return true; }
        @Override public String code() { return "rate_limited"; }
        @Override public OptionalInt httpStatus() { return OptionalInt.of(status); }
    }

    /** 5xx. Retried with backoff. */
    record ServerError(String provider, int status, String message, Optional<Duration> retryAfter)
            implements ProviderFailure {
        @Override public boolean retryable() { return true; }
        @Override public String code() { return "provider_error"; }
        @Override public OptionalInt httpStatus() { return OptionalInt.of(status); }
    }

    /** No complete answer within the attempt's timeout. The provider may still have billed the call. */
    record Timeout(String provider, String message) implements ProviderFailure {
        @Override public boolean retryable() { return true; }
        @Override public String code() { return "provider_timeout"; }
    }

    /**
     * Could not connect, or the connection broke before an answer.
     *
     * @param requestMayHaveBeenSent false only when no connection was made (refused, unresolvable, connect or
     *                               TLS handshake failed): then nothing reached the model. Once connected, the
     *                               JDK's HttpClient does not say how much of the request went out, so the
     *                               provider may have processed and billed it.
     */
    record ConnectionFailed(String provider, String message, boolean requestMayHaveBeenSent)
            implements ProviderFailure {
        @Override public boolean retryable() { return true; }
        @Override public String code() { return "provider_unreachable"; }
        @Override public boolean reachedProvider() { return requestMayHaveBeenSent; }
    }

    /** 401/403: the key is wrong, revoked or lacks access. Retrying with the same key cannot help. */
    record CredentialRejected(String provider, int status, String message) implements ProviderFailure {
        @Override public boolean retryable() { return false; }
        @Override public String code() { return "provider_credential_rejected"; }
        @Override public OptionalInt httpStatus() { return OptionalInt.of(status); }
    }

    /**
     * No usable credential for the provider (none configured, all marked bad, undecryptable): the provider was not
     * called. Not retried: another attempt would find the same credentials; fallback to another target may help.
     */
    record CredentialUnavailable(String provider, String message) implements ProviderFailure {
        @Override public boolean retryable() { return false; }
        @Override public String code() { return "provider_credential_unavailable"; }
        @Override public boolean reachedProvider() { return false; }
    }

    /** Any other 4xx: the request itself is wrong for this provider (bad parameter, unknown model...). */
    record CallerError(String provider, int status, String message, String code) implements ProviderFailure {
        @Override public boolean retryable() { return false; }
        @Override public OptionalInt httpStatus() { return OptionalInt.of(status); }
    }

    /** A 2xx (or otherwise unexpected) answer the worker cannot use. Retried: it is usually transient. */
    record InvalidResponse(String provider, int status, String message) implements ProviderFailure {
        @Override public boolean retryable() { return true; }
        @Override public String code() { return "invalid_provider_response"; }
        @Override public OptionalInt httpStatus() { return OptionalInt.of(status); }
    }
}
