package io.llmrelay.ingest.auth;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates every {@code /v1/**} request by its {@code Authorization: Bearer <relay key>} header, before the
 * body is read, applies the key's per-replica requests-per-minute limit, and stores the {@link Caller} as a request
 * attribute. Rejections are thrown so one error mapping place answers them in OpenAI's format; an unknown, revoked
 * and expired key get the same answer, so the API does not tell which of them a key is.
 */
final class BearerAuthInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(BearerAuthInterceptor.class);
    private static final String BEARER = "bearer ";

    private final RelayKeys keys;
    private final KeyRateLimiter rateLimiter;
    private final RejectionAudit audit;
    private final Counter missingKey;
    private final Counter unknownKey;
    private final Counter rateLimited;

    BearerAuthInterceptor(RelayKeys keys, KeyRateLimiter rateLimiter, RejectionAudit audit, MeterRegistry registry) {
        this.keys = keys;
        this.rateLimiter = rateLimiter;
        this.audit = audit;
        // by reason only: a key, its fingerprint or its caller would make one series per key
        this.missingKey = rejections(registry, "missing_key");
        this.unknownKey = rejections(registry, "unknown_key");
        this.rateLimited = Counter.builder("relay.ingest.key.rate.limited")
                .description("Requests to /v1/** refused with 429 because their key is over its requests per minute")
                .register(registry);
    }

    private static Counter rejections(MeterRegistry registry, String reason) {
        return Counter.builder("relay.ingest.auth.rejections")
                .description("Requests to /v1/** refused with 401, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String presented = bearerKey(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (presented == null) {
            missingKey.increment();
            audit.rejected("missing_key", request.getMethod(), request.getRequestURI());
            log.info("rejected {} {}: no bearer key", request.getMethod(), request.getRequestURI());
            throw AuthenticationException.missing();
        }
        Caller caller = keys.find(presented).orElseThrow(() -> {
            String fingerprint = KeyHash.fingerprint(presented);
            unknownKey.increment();
            audit.rejected("unknown_key", request.getMethod(), request.getRequestURI());
            log.info("rejected {} {}: unknown, revoked or expired relay key (fingerprint {})", request.getMethod(),
                    request.getRequestURI(), fingerprint);
            return AuthenticationException.unknown(fingerprint);
        });
        if (caller.rpmLimit() != null) {
            Duration wait = rateLimiter.acquire(caller.keyId(), caller.rpmLimit());
            if (!wait.isZero()) {
                rateLimited.increment();
                throw new KeyRateLimitedException(caller.keyId(), caller.rpmLimit(), wait);
            }
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        return true;
    }

    /** The key after "Bearer " (scheme case-insensitive, as RFC 7235 says), or null when there is none. */
    static String bearerKey(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String key = authorization.substring(BEARER.length()).strip();
        return key.isEmpty() ? null : key;
    }
}
