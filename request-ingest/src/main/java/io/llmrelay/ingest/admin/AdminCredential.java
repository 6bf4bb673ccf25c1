package io.llmrelay.ingest.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.llmrelay.ingest.auth.RejectionAudit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks {@code Authorization: Bearer <admin key>} on every {@code /admin/**} call before anything is read or
 * changed; refusals are audited ({@code admin_key.rejected}, at most one event a second). Only the SHA-256 of the admin key is held; comparing digests with {@link MessageDigest#isEqual} takes the
 * same time wherever they differ, and hashing first makes the comparison independent of the presented length.
 */
final class AdminCredential implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AdminCredential.class);
    private static final String BEARER = "bearer ";

    private final byte[] expected;
    private final RejectionAudit audit;

    AdminCredential(String adminKey, RejectionAudit audit) {
        this.expected = sha256(adminKey);
        this.audit = audit;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String presented = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : "";
        if (!MessageDigest.isEqual(sha256(presented), expected)) {
            audit.rejected(presented.isEmpty() ? "missing_key" : "wrong_key", request.getMethod(),
                    request.getRequestURI());
            log.warn("refused admin call {} {}: {}", request.getMethod(), request.getRequestURI(),
                    presented.isEmpty() ? "no bearer key" : "wrong admin key");
            throw AdminException.unauthenticated();
        }
        return true;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    @Override
    public String toString() {
        return "AdminCredential[<redacted>]";
    }
}
