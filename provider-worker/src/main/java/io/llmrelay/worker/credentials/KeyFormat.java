package io.llmrelay.worker.credentials;

import java.util.Optional;
import java.util.regex.Pattern;

import io.llmrelay.worker.provider.ProviderKind;

/**
 * Checks that a provider key looks like one of its provider's, so that a truncated paste, a key of another provider
 * or a value that was never decrypted is reported when it is loaded instead of being sent and answered 401. Lenient
 * on purpose: providers change their formats (Azure's keys went from 32 hex characters to longer alphanumeric
 * ones), and only what every key of a kind has is required. Reasons never quote the key.
 */
final class KeyFormat {

    static final int MIN_LENGTH = 20;
    private static final Pattern AZURE = Pattern.compile("[A-Za-z0-9]{32,100}");

    private KeyFormat() {
    }

    /** @return why {@code key} cannot be a key of {@code kind}; empty when it can */
    static Optional<String> problem(ProviderKind kind, String key) {
        if (key.isBlank()) {
            return Optional.of("is blank");
        }
        if (key.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of("contains whitespace or control characters");
        }
        return switch (kind) {
            case OPENAI -> key.startsWith("sk-ant-") ? Optional.of("is an Anthropic key (sk-ant-), not an OpenAI key")
                    : prefixed(key, "sk-");
            case ANTHROPIC -> prefixed(key, "sk-ant-");
            case AZURE_OPENAI -> AZURE.matcher(key).matches() ? Optional.empty()
                    : Optional.of("is not 32 to 100 letters and digits, as Azure OpenAI keys are (" + key.length()
                    + " characters)");
            case OPENAI_COMPATIBLE -> Optional.empty();
        };
    }

    private static Optional<String> prefixed(String key, String prefix) {
        if (!key.startsWith(prefix)) {
            return Optional.of("does not start with '" + prefix + "'");
        }
        if (key.length() < MIN_LENGTH) {
            return Optional.of("is " + key.length() + " characters long, shorter than any real key (" + MIN_LENGTH
                    + ")");
        }
        return Optional.empty();
    }
}
