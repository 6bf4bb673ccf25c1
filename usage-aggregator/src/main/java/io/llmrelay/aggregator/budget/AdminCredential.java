package io.llmrelay.aggregator.budget;

import io.llmrelay.schemas.security.AdminKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks {@code Authorization: Bearer <admin key>} on every {@code /admin/**} call before anything is read or
 * changed. Only the SHA-256 of the admin key is held
 * ({@link AdminKey}: a comparison takes the same time wherever it differs, and hashing first hides the key's length).
 */
final class AdminCredential implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AdminCredential.class);

    private final AdminKey expected;

    AdminCredential(String adminKey) {
        this.expected = new AdminKey(adminKey);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String presented = AdminKey.presentedBearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (!expected.matches(presented)) {
            log.warn("refused admin call {} {}: {}", request.getMethod(), request.getRequestURI(),
                    presented.isEmpty() ? "no bearer key" : "wrong admin key");
            throw BudgetApiException.unauthenticated();
        }
        return true;
    }

    @Override
    public String toString() {
        return "AdminCredential[<redacted>]";
    }
}
