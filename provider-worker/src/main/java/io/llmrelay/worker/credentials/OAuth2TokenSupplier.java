package io.llmrelay.worker.credentials;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import io.llmrelay.worker.provider.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer tokens from an OAuth2 client-credentials grant (Entra ID for Azure OpenAI). The token is cached and
 * replaced shortly before it expires ({@link #refreshMargin}): one caller refreshes while the others go on with
 * the still-valid token, and when there is no valid token at all, concurrent callers wait for that one request.
 * A provider's 401/403 forces one refresh. A failed token request is remembered for {@link #FAILURE_HOLD}, so a
 * failing endpoint gets one request per hold rather than one per call.
 */
final class OAuth2TokenSupplier implements CredentialSupplier {

    private static final Logger log = LoggerFactory.getLogger(OAuth2TokenSupplier.class);
    private static final Duration MAX_REFRESH_MARGIN = Duration.ofSeconds(60);
    static final Duration FAILURE_HOLD = Duration.ofSeconds(2);
    /** A token rejected this soon after it was issued is not cured by another one (a missing role, say). */
    static final Duration MIN_FORCED_REFRESH_INTERVAL = Duration.ofSeconds(10);

    /** Where the client secret comes from when a token is requested: read each time, so it may be rotated. */
    @FunctionalInterface
    interface ClientSecret {
        Secret get() throws CredentialUnavailableException;
    }

    /** @param scope null to send none */
    record Client(URI tokenUrl, String clientId, String scope, ClientSecret secret, Duration timeout) {
    }

    private record Token(Credential credential, Instant fetchedAt, Instant refreshAt, Instant expiresAt) {
    }

    private record Failure(String message, Instant until) {
    }

    private final String provider;
    private final Client client;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final CredentialEvents events;
    /** Held by the one caller requesting a token. */
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Token token;
    private volatile Failure failure;

    OAuth2TokenSupplier(String provider, Client client, HttpClient http, JsonMapper json, Clock clock,
                        CredentialEvents events) {
        this.provider = provider;
        this.client = client;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    @Override
    public Credential current() throws CredentialUnavailableException {
        Token now = token;
        Instant at = clock.instant();
        if (now != null && at.isBefore(now.refreshAt)) {
            return now.credential;
        }
        if (now != null && at.isBefore(now.expiresAt)) {
            return refreshEarly(now, at);
        }
        refreshing.lock();
        try {
            now = token;
            at = clock.instant();
            if (now != null && at.isBefore(now.expiresAt)) {
                return now.credential;
            }
            throwIfFailedRecently(at);
            return refresh(now == null ? "first use" : "expired").credential;
        } finally {
            refreshing.unlock();
        }
    }

    /** Within the margin before expiry: whoever gets the lock refreshes, everyone else keeps the valid token. */
    private Credential refreshEarly(Token valid, Instant at) {
        if (!refreshing.tryLock()) {
            return valid.credential;
        }
        try {
            Token now = token;
            if (now != valid || recentFailure(at)) {
                return now.credential;
            }
            return refresh("expiring").credential;
        } catch (CredentialUnavailableException e) {
            return valid.credential;
        } finally {
            refreshing.unlock();
        }
    }

    @Override
    public Optional<Credential> rejected(Credential used) {
        refreshing.lock();
        try {
            Token now = token;
            Instant at = clock.instant();
            if (now != null && !now.credential.fingerprint().equals(used.fingerprint()) && at.isBefore(now.expiresAt)) {
                events.rejected(provider, used, now.credential.name());
                return Optional.of(now.credential);
            }
            if (now != null && at.isBefore(now.fetchedAt.plus(MIN_FORCED_REFRESH_INTERVAL))) {
                log.warn("provider '{}' rejected the OAuth2 token (fingerprint {}) that was issued less than {} s ago;"
                        + " not requesting another: check the client's role assignment on the resource", provider,
                        used.fingerprint(), MIN_FORCED_REFRESH_INTERVAL.toSeconds());
                events.rejected(provider, used, "none");
                return Optional.empty();
            }
            if (recentFailure(at)) {
                events.rejected(provider, used, "none");
                return Optional.empty();
            }
            Token fresh = refresh("rejected by the provider");
            events.rejected(provider, used, fresh.credential.name());
            return Optional.of(fresh.credential);
        } catch (CredentialUnavailableException e) {
            events.rejected(provider, used, "none");
            return Optional.empty();
        } finally {
            refreshing.unlock();
        }
    }

    private void throwIfFailedRecently(Instant at) throws CredentialUnavailableException {
        Failure last = failure;
        if (last != null && at.isBefore(last.until)) {
            throw new CredentialUnavailableException(last.message);
        }
    }

    private boolean recentFailure(Instant at) {
        Failure last = failure;
        return last != null && at.isBefore(last.until);
    }

    /** Must hold {@link #refreshing}. */
    private Token refresh(String reason) throws CredentialUnavailableException {
        try {
            Token fresh = fetch();
            token = fresh;
            failure = null;
            long lifetime = Duration.between(fresh.fetchedAt, fresh.expiresAt).toSeconds();
            log.info("provider '{}': OAuth2 token refreshed ({}), fingerprint {}, valid {} s", provider, reason,
                    fresh.credential.fingerprint(), lifetime);
            events.tokenRefreshed(provider, fresh.credential.fingerprint(), lifetime, reason);
            return fresh;
        } catch (CredentialUnavailableException e) {
            failure = new Failure(e.getMessage(), clock.instant().plus(FAILURE_HOLD));
            log.warn("{}", e.getMessage());
            events.tokenFailed(provider, e.getMessage());
            throw e;
        }
    }

    private Token fetch() throws CredentialUnavailableException {
        Secret secret = client.secret().get();
        String form = "grant_type=client_credentials&client_id=" + encode(client.clientId()) + "&client_secret="
                + encode(secret.reveal()) + (client.scope() == null ? "" : "&scope=" + encode(client.scope()));
        HttpRequest request = HttpRequest.newBuilder(client.tokenUrl()).timeout(client.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Instant sentAt = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable("cannot reach the token endpoint (" + secret.redactFrom(e.toString()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the token endpoint");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            JsonNode error = body.path("error");
            throw unavailable("the token endpoint answered " + response.statusCode()
                    + (error.isString() ? " (" + secret.redactFrom(error.stringValue()) + ")" : ""));
        }
        JsonNode accessToken = body.path("access_token");
        JsonNode expiresIn = body.path("expires_in");
        JsonNode type = body.path("token_type");
        if (!accessToken.isString() || accessToken.stringValue().isBlank()) {
            throw unavailable("the token endpoint's answer has no access_token");
        }
        if (!type.isMissingNode() && !(type.isString() && "bearer".equalsIgnoreCase(type.stringValue()))) {
            throw unavailable("the token endpoint's answer is not a bearer token");
        }
        long seconds = seconds(expiresIn);
        if (seconds <= 0) {
            throw unavailable("the token endpoint's answer has no positive expires_in");
        }
        Duration lifetime = Duration.ofSeconds(seconds);
        Instant expiresAt = sentAt.plus(lifetime);
        return new Token(new Credential("oauth2/" + provider, Secret.of(accessToken.stringValue()),
                Credential.Type.BEARER_TOKEN), sentAt, expiresAt.minus(refreshMargin(lifetime)), expiresAt);
    }

    /** Entra ID's v1 endpoint sends {@code expires_in} as a string; -1 when it is neither a number nor digits. */
    private static long seconds(JsonNode expiresIn) {
        if (expiresIn.isString()) {
            return expiresIn.stringValue().matches("[0-9]{1,9}") ? Long.parseLong(expiresIn.stringValue()) : -1;
        }
        return expiresIn.isIntegralNumber() && expiresIn.canConvertToLong() ? expiresIn.longValue() : -1;
    }

    /** 60 s, or a tenth of a shorter token's lifetime. */
    static Duration refreshMargin(Duration lifetime) {
        Duration tenth = lifetime.dividedBy(10);
        return tenth.compareTo(MAX_REFRESH_MARGIN) < 0 ? tenth : MAX_REFRESH_MARGIN;
    }

    private JsonNode parse(String body) throws CredentialUnavailableException {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            throw unavailable("the token endpoint's answer is not JSON");
        }
    }

    private CredentialUnavailableException unavailable(String why) {
        return new CredentialUnavailableException("provider '" + provider + "': no OAuth2 token from "
                + client.tokenUrl() + ": " + why);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
