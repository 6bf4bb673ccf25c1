package io.llmrelay.worker.breaker;

import io.llmrelay.worker.provider.ProviderFailure;

/**
 * Which failures say the provider target is unwell. Refusals about the caller or the account do not: a 429 means the
 * provider is up and busy (the rate limiter handles it), a 4xx means the request or the key is wrong, and opening a
 * breaker on those would take a healthy target away from every other request.
 */
final class CountedFailures {

    private CountedFailures() {
    }

    /** {@code CredentialUnavailable}: the provider was not even called. */
    static boolean counts(ProviderFailure failure) {
        return switch (failure) {
            case ProviderFailure.ServerError _, ProviderFailure.Timeout _, ProviderFailure.ConnectionFailed _,
                 ProviderFailure.InvalidResponse _ -> true;
            case ProviderFailure.RateLimited _, ProviderFailure.CallerError _, ProviderFailure.CredentialRejected _,
                 ProviderFailure.CredentialUnavailable _ -> false;
        };
    }

    /** {@code provider_error 503}, {@code provider_timeout}: the code and the status, never the provider's message. */
    static String describe(ProviderFailure failure) {
        return failure.httpStatus().isPresent()
                ? failure.code() + " " + failure.httpStatus().getAsInt()
                : failure.code();
    }
}
