package io.llmrelay.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks a request's {@code Authorization: Bearer <key>} header the way OpenAI does. */
final class ApiKeyCheck {

    private static final String SCHEME = "bearer ";

    private ApiKeyCheck() {
    }

    /** @return the 401 to answer, or empty when the request may proceed */
    static Optional<OpenAiError> check(String authorization, MockBehaviour behaviour) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.of(OpenAiError.missingApiKey());
        }
        String key = authorization.substring(SCHEME.length()).strip();
        if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of(OpenAiError.incorrectApiKey());
        }
        if (behaviour.requiredApiKey() != null && !sameKey(key, behaviour.requiredApiKey())) {
            return Optional.of(OpenAiError.incorrectApiKey());
        }
        return Optional.empty();
    }

    // constant-time, out of habit for anything that compares secrets
    private static boolean sameKey(String given, String required) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), required.getBytes(StandardCharsets.UTF_8));
    }
}
