package io.llmrelay.aggregator.status;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.llmrelay.schemas.security.AdminKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The status page shows spend per user, so it takes the budget admin API's credential ({@code RELAY_ADMIN_KEY})
 * when one is set: {@code Authorization: Bearer <admin key>} for scripts, or HTTP Basic with the admin key as the
 * password (any user name) so that a browser can ask for it; a refusal says {@code WWW-Authenticate: Basic}. As in
 * the admin API only SHA-256 digests are held and compared, in constant time.
 */
final class StatusAccess implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(StatusAccess.class);
    private static final String BASIC = "basic ";

    private final AdminKey expected;

    StatusAccess(String adminKey) {
        this.expected = new AdminKey(adminKey);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws java.io.IOException {
        String presented = presented(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (expected.matches(presented)) {
            return true;
        }
        log.warn("refused {} {}: {}", request.getMethod(), request.getRequestURI(),
                presented.isEmpty() ? "no admin key" : "wrong admin key");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"llm-relay status\", charset=\"UTF-8\"");
        response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
        response.getWriter().write("The status page needs the admin key: Authorization: Bearer <key>, or HTTP Basic"
                + " with the key as the password.\n");
        return false;
    }

    /** The key from a Bearer or Basic header; empty when there is none or it cannot be read. */
    static String presented(String authorization) {
        if (authorization == null) {
            return "";
        }
        String bearer = AdminKey.presentedBearer(authorization);
        if (!bearer.isEmpty()) {
            return bearer;
        }
        if (authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? "" : pair.substring(colon + 1);
            } catch (IllegalArgumentException notBase64) {
                return "";
            }
        }
        return "";
    }

    @Override
    public String toString() {
        return "StatusAccess[<redacted>]";
    }
}
