package io.llmrelay.ingest.admin;

import io.llmrelay.ingest.auth.RejectionAudit;
import io.llmrelay.schemas.security.AdminKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks {@code Authorization: Bearer <admin key>} on every {@code /admin/**} call before anything is read or
 * changed; refusals are audited ({@code admin_key.rejected}, at most one event a second). Only the SHA-256 of the admin key is held
 * ({@link AdminKey}: a comparison takes the same time wherever it differs).
 */
final class AdminCredential implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AdminCredential.class);

    private final AdminKey expected;
    private final RejectionAudit audit;

    AdminCredential(String adminKey, RejectionAudit audit) {
        this.expected = new AdminKey(adminKey);
        this.audit = audit;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String presented = AdminKey.presentedBearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (!expected.matches(presented)) {
            audit.rejected(presented.isEmpty() ? "missing_key" : "wrong_key", request.getMethod(),
                    request.getRequestURI());
            log.warn("refused admin call {} {}: {}", request.getMethod(), request.getRequestURI(),
                    presented.isEmpty() ? "no bearer key" : "wrong admin key");
            throw AdminException.unauthenticated();
        }
        return true;
    }

    @Override
    public String toString() {
        return "AdminCredential[<redacted>]";
    }
}
