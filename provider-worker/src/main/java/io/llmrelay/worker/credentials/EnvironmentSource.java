package io.llmrelay.worker.credentials;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.llmrelay.worker.provider.Secret;

/**
 * Entries from environment variables: {@code RELAY_CREDENTIAL_<ENTRY>} with the entry name upper-cased and
 * {@code -} as {@code _}, e.g. {@code RELAY_CREDENTIAL_OPENAI_API_KEY_2} for {@code openai-api-key-2}. Fixed for the
 * life of the process, so it never changes; blank variables are ignored.
 */
final class EnvironmentSource implements CredentialSource {

    static final String PREFIX = "RELAY_CREDENTIAL_";

    private final Map<String, Secret> entries;

    EnvironmentSource(Map<String, String> environment) {
        Map<String, Secret> entries = new TreeMap<>();
        environment.forEach((variable, value) -> {
            if (variable.startsWith(PREFIX) && variable.length() > PREFIX.length() && !value.isBlank()) {
                entries.put(variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-'),
                        Secret.of(value));
            }
        });
        this.entries = Map.copyOf(entries);
    }

    @Override
    public String name() {
        return "env";
    }

    @Override
    public Map<String, Secret> read() {
        return entries;
    }

    @Override
    public void onChange(Runnable listener) {
    }

    @Override
    public void close() {
    }
}
