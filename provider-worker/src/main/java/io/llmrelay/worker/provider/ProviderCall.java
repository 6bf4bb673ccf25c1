package io.llmrelay.worker.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.llmrelay.worker.credentials.Credential;
import io.llmrelay.worker.credentials.CredentialSupplier;
import io.llmrelay.worker.credentials.CredentialUnavailableException;
import io.llmrelay.worker.provider.AttemptResult.Answered;
import io.llmrelay.worker.provider.AttemptResult.Failed;
import io.llmrelay.worker.provider.AttemptResult.Stats;
import io.llmrelay.worker.provider.ProviderFailure.CredentialRejected;
import io.llmrelay.worker.provider.ProviderFailure.CredentialUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every adapter does around its wire format, in one place: take the credential for this call, bound the
 * call by the request's deadline, send, measure, report rate-limit hints, classify failures, and on 401/403 ask
 * the credential supplier for another credential and re-send once with it (a rotated key; the rejected attempt did
 * no billable work). Adapters supply only a {@link Wire}: the URL and auth headers, the hints in their headers and
 * the reading of a 2xx body.
 *
 * <p>Blocks on the caller's virtual thread; the provider's {@link HttpClient} pools connections.
 */
public final class ProviderCall {

    private static final Logger log = LoggerFactory.getLogger(ProviderCall.class);

    private final String provider;
    private final HttpClient http;
    private final CredentialSupplier credentials;
    private final HttpFailureClassifier classifier;
    private final RateLimitSignals signals;
    private final Duration requestTimeout;
    private final Clock clock;

    public ProviderCall(String provider, HttpClient http, CredentialSupplier credentials,
                        HttpFailureClassifier classifier, RateLimitSignals signals, Duration requestTimeout,
                        Clock clock) {
        this.provider = provider;
        this.http = http;
        this.credentials = credentials;
        this.classifier = classifier;
        this.signals = signals;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** One provider's wire format, as far as it differs from the others. */
    public interface Wire {

        /** The URL and the authentication (and other API-specific) headers for a call with {@code credential}. */
        HttpRequest.Builder request(Credential credential);

        /** What an answer's headers say about the provider's rate limits; {@link RateLimitHints#NONE} if nothing. */
        RateLimitHints hints(HttpHeaders headers, Instant now);

        /** Reads a 2xx body. */
        ParsedAnswer parse(byte[] body);
    }

    /**
     * Sends {@code body} once (twice when the first credential was rejected and the supplier has another), at most
     * until {@code deadline}.
     *
     * @param model the target's model: rate-limit hints are reported for this provider and model
     */
    public AttemptResult send(byte[] body, String model, Instant deadline, Wire wire) throws InterruptedException {
        Credential credential;
        try {
            credential = credentials.current();
        } catch (CredentialUnavailableException e) {
            return new Failed(new CredentialUnavailable(provider, "provider '" + provider + "' was not called: "
                    + e.getMessage()), new Stats(0, 0, Duration.ZERO, clock.instant()));
        }
        long start = System.nanoTime();
        Exchange first = exchange(body, deadline, credential, wire, model);
        if (!first.credentialRejected()) {
            return first.outcome(start);
        }
        Optional<Credential> next;
        try {
            next = credentials.rejected(credential);
        } catch (RuntimeException e) {
            // the attempt still ends as rejected; the supplier's failure must not turn it into an unclassified one
            log.warn("credential supplier of provider '{}' failed handling the rejection of {}", provider,
                    credential, e);
            return first.rejected(start, "the credential supplier failed (" + e.getClass().getSimpleName()
                    + "), so no other credential was tried");
        }
        if (next.isEmpty()) {
            return first.rejected(start, "no other credential to retry with");
        }
        log.info("provider '{}' answered {} for credential {}; retrying once with {}", provider,
                first.response().statusCode(), credential, next.get());
        Exchange second = exchange(body, deadline, next.get(), wire, model);
        if (!second.credentialRejected()) {
            return second.outcome(start);
        }
        // told so it can mark this one bad too; whatever it offers next waits for the next attempt
        rejectedAgain(next.get());
        return second.rejected(start, "retried once after " + credential.name() + " (fingerprint "
                + credential.fingerprint() + ") was rejected too");
    }

    /**
     * {@code GET uri} with the current credential and {@code wire}'s authentication headers, once, within
     * {@code timeout}: {@link ChatProvider#probe}. A 2xx is up; anything else is down with the failure's code and
     * status (the provider's message is left out: it is the provider's text). The credential supplier is not told
     * of a rejection, so a probe never marks a credential bad.
     */
    public ProbeResult probe(URI uri, Duration timeout, Wire wire) throws InterruptedException {
        Credential credential;
        try {
            credential = credentials.current();
        } catch (CredentialUnavailableException e) {
            return ProbeResult.down("provider_credential_unavailable", Duration.ZERO);
        }
        HttpRequest request = wire.request(credential).uri(uri).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        HttpFailureClassifier scrubbing = classifier.scrubbing(credential.secret());
        long start = System.nanoTime();
        ProviderFailure failure;
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status >= 200 && status <= 299) {
                return ProbeResult.up(since(start));
            }
            failure = status == 401 || status == 403
                    ? new CredentialRejected(provider, status, "probe rejected")
                    : scrubbing.fromAnswer(status, response.headers(), response.body());
        } catch (IOException e) {
            failure = scrubbing.fromException(e, timeout);
        }
        return ProbeResult.down(failure.httpStatus().isPresent()
                ? failure.code() + " " + failure.httpStatus().getAsInt() : failure.code(), since(start));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
    }

    private void rejectedAgain(Credential used) {
        try {
            credentials.rejected(used);
        } catch (RuntimeException e) {
            log.warn("credential supplier of provider '{}' failed handling the rejection of {}", provider, used, e);
        }
    }

    private Exchange exchange(byte[] body, Instant deadline, Credential credential, Wire wire, String model)
            throws InterruptedException {
        // the attempt may not outlive the request; at least 1 ms, as HttpRequest refuses a zero timeout
        Duration timeout = Collections.max(List.of(Duration.ofMillis(1),
                Collections.min(List.of(Duration.between(clock.instant(), deadline), requestTimeout))));
        HttpRequest request = wire.request(credential)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpFailureClassifier scrubbing = classifier.scrubbing(credential.secret());
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            report(model, wire.hints(response.headers(), clock.instant()));
            return new Exchange(body.length, response, null, credential, scrubbing, wire, clock);
        } catch (IOException e) {
            return new Exchange(body.length, null, scrubbing.fromException(e, timeout), credential, scrubbing, wire,
                    clock);
        }
    }

    private void report(String model, RateLimitHints hints) {
        if (hints.isEmpty()) {
            return;
        }
        try {
            signals.observed(new Target(provider, model), hints);
        } catch (RuntimeException e) {
            // the answer is still good: a broken listener must not fail the call
            log.warn("rate-limit listener failed on hints from provider '{}' model '{}'", provider, model, e);
        }
    }

    /** One send: an HTTP answer, or the failure that replaced it. */
    private record Exchange(int requestBytes, HttpResponse<byte[]> response, ProviderFailure ioFailure,
                            Credential credential, HttpFailureClassifier classifier, Wire wire, Clock clock) {

        boolean credentialRejected() {
            return response != null && (response.statusCode() == 401 || response.statusCode() == 403);
        }

        AttemptResult outcome(long startNanos) {
            if (response == null) {
                return new Failed(ioFailure, stats(startNanos));
            }
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                return new Failed(classifier.fromAnswer(status, response.headers(), response.body()),
                        stats(startNanos));
            }
            ParsedAnswer parsed = wire.parse(response.body());
            return parsed.completion() != null
                    ? new Answered(parsed.completion(), stats(startNanos))
                    : new Failed(classifier.invalidAnswer(status, parsed.problem()), stats(startNanos));
        }

        /** The supplier's {@code rejected} decided; the message names the credential, never its value. */
        AttemptResult rejected(long startNanos, String then) {
            ProviderFailure failure = classifier.fromAnswer(response.statusCode(), response.headers(), response.body());
            return new Failed(new CredentialRejected(failure.provider(), response.statusCode(), failure.message()
                    + "; credential " + credential.name() + " (fingerprint " + credential.fingerprint() + "); "
                    + then), stats(startNanos));
        }

        /** Latency on the monotonic clock, over both sends when the first was rejected. */
        private Stats stats(long startNanos) {
            Duration latency = Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
            return new Stats(requestBytes, response == null ? 0 : response.body().length, latency,
                    clock.instant());
        }
    }
}
