package io.llmrelay.worker.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import io.llmrelay.worker.provider.ProviderFailure.CallerError;
import io.llmrelay.worker.provider.ProviderFailure.ConnectionFailed;
import io.llmrelay.worker.provider.ProviderFailure.CredentialRejected;
import io.llmrelay.worker.provider.ProviderFailure.InvalidResponse;
import io.llmrelay.worker.provider.ProviderFailure.RateLimited;
import io.llmrelay.worker.provider.ProviderFailure.ServerError;
import io.llmrelay.worker.provider.ProviderFailure.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where HTTP answers and I/O exceptions of a provider call become {@link ProviderFailure}s.
 * Works for any provider that answers errors as {@code {"error":{"message","type","code"}}} or close to it
 * (OpenAI and compatible servers, Anthropic, Azure OpenAI).
 *
 * <p>Provider messages are cut to {@value #MAX_DETAIL_CHARS} characters and scrubbed of the configured key
 * and of anything shaped like an OpenAI key ({@code sk-...}), which OpenAI echoes, masked, on a 401.
 */
public final class HttpFailureClassifier {

    static final int MAX_DETAIL_CHARS = 300;
    private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_*\\-]{4,}");

    private final String provider;
    private final URI endpoint;
    private final Secret apiKey;
    private final JsonMapper json;
    private final Clock clock;

    /** @param apiKey scrubbed from every message; null when the credential is only known per call */
    public HttpFailureClassifier(String provider, URI endpoint, Secret apiKey, JsonMapper json, Clock clock) {
        this.provider = provider;
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The same classifier, scrubbing {@code credential} from messages: credentials are chosen per call (rotation),
     * so the one to scrub is the one that call used.
     */
    public HttpFailureClassifier scrubbing(Secret credential) {
        return new HttpFailureClassifier(provider, endpoint, credential, json, clock);
    }

    /** A non-2xx answer. */
    public ProviderFailure fromAnswer(int status, HttpHeaders headers, byte[] body) {
        Detail detail = detail(body);
        Optional<Duration> wait = RetryAfterHeaders.parse(headers, clock.instant());
        String said = detail.message().isEmpty() ? "" : ": " + detail.message();
        if (status == 429 && "insufficient_quota".equals(detail.code())) {
            return new CallerError(provider, status, "provider '" + provider + "' refused the call because the"
                    + " account's quota is used up (429)" + said + "; add credit or use another key", "insufficient_quota");
        }
        if (status == 429) {
            return new RateLimited(provider, status, "provider '" + provider + "' rate limited the call (429)" + said
                    + wait.map(w -> "; asked to wait " + w.toMillis() + " ms").orElse(""), wait);
        }
        if (status == 401 || status == 403) {
            return new CredentialRejected(provider, status, "provider '" + provider + "' rejected the credential ("
                    + status + ")" + said);
        }
        if (status >= 500) {
            return new ServerError(provider, status, "provider '" + provider + "' failed (" + status + ")" + said,
                    wait);
        }
        if (status >= 400) {
            String code = detail.code() == null ? "provider_rejected_request" : detail.code();
            return new CallerError(provider, status, "provider '" + provider + "' refused the request (" + status + ")"
                    + said, code);
        }
        return invalidAnswer(status, "unexpected HTTP status");
    }

    /** The call threw: no (complete) answer arrived. */
    public ProviderFailure fromException(IOException error, Duration timeout) {
        if (error instanceof HttpConnectTimeoutException) {
            return new ConnectionFailed(provider, "cannot reach provider '" + provider + "' at " + endpoint
                    + ": no connection within the connect timeout", false);
        }
        if (error instanceof HttpTimeoutException) {
            return new Timeout(provider, "provider '" + provider + "' did not answer within " + timeout.toMillis()
                    + " ms");
        }
        String detail = error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : " " + scrub(error.getMessage()));
        if (failedBeforeSending(error)) {
            return new ConnectionFailed(provider, "cannot reach provider '" + provider + "' at " + endpoint + ": "
                    + detail, false);
        }
        return new ConnectionFailed(provider, "connection to provider '" + provider + "' at " + endpoint
                + " failed after the request may have been sent, so it may be billed: " + detail, true);
    }

    /**
     * Failures that happen before the request can be written: the HttpClient reports an unreachable or unknown
     * host and a refused connection as {@link ConnectException}, a failed TLS handshake as
     * {@link SSLHandshakeException}. Anything else (reset, closed, EOF while reading) comes on a connection
     * that was open, and the request may have gone out on it.
     */
    private static boolean failedBeforeSending(IOException error) {
        return error instanceof ConnectException || error instanceof NoRouteToHostException
                || error instanceof UnknownHostException || error instanceof SSLHandshakeException;
    }

    /** An answer the worker cannot use although its status said success. */
    public ProviderFailure invalidAnswer(int status, String why) {
        return new InvalidResponse(provider, status, "provider '" + provider + "' answered " + status
                + " with a body the worker cannot use: " + scrub(why));
    }

    private Detail detail(byte[] body) {
        if (body == null || body.length == 0) {
            return new Detail("", null);
        }
        try {
            JsonNode root = json.readTree(body);
            JsonNode error = root.path("error");
            JsonNode message = error.isObject() ? error.path("message")
                    : error.isString() ? error
                    : root.path("message");
            String code = error.path("code").isString() ? error.path("code").stringValue()
                    : error.path("type").isString() ? error.path("type").stringValue() : null;
            if (message.isString()) {
                return new Detail(scrub(message.stringValue()), code);
            }
        } catch (JacksonException e) {
            // not JSON (an HTML error page from a proxy, say): show its start instead
        }
        return new Detail(scrub(new String(body, StandardCharsets.UTF_8)), null);
    }

    private String scrub(String text) {
        String redacted = apiKey == null ? text : apiKey.redactFrom(text);
        String collapsed = KEY_LIKE.matcher(redacted).replaceAll("sk-[redacted]")
                .replaceAll("\\s+", " ").strip();
        return collapsed.length() <= MAX_DETAIL_CHARS ? collapsed : collapsed.substring(0, MAX_DETAIL_CHARS) + "…";
    }

    private record Detail(String message, String code) {
    }
}
