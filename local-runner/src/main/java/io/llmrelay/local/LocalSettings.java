package io.llmrelay.local;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * What the local stack is started with, read from environment variables (see the README's table).
 *
 * @param kafkaPort     port of the in-process broker on 127.0.0.1 (0 = any free port)
 * @param ingestPort    HTTP port of request-ingest (0 = any free port)
 * @param mockPort      port of the mock provider (0 = any free port); unused with a real provider key
 * @param dbUrl         JDBC URL of an existing PostgreSQL, or null to start an embedded one
 * @param providerKey   a real OpenAI key, or null to use the mock provider
 * @param relayKey      the relay key callers use
 */
public record LocalSettings(int kafkaPort, int ingestPort, int mockPort, String dbUrl, String dbUser,
                            String dbPassword, String providerKey, URI providerBaseUrl, String relayKey,
                            Path dataDir) {

    public static LocalSettings fromEnvironment(Map<String, String> env) {
        return new LocalSettings(
                port(env, "RELAY_KAFKA_PORT", 9092),
                port(env, "RELAY_INGEST_PORT", 8080),
                port(env, "MOCK_PORT", 8090),
                blankToNull(env.get("RELAY_DB_URL")),
                env.getOrDefault("RELAY_DB_USER", "postgres"),
                env.getOrDefault("RELAY_DB_PASSWORD", "postgres"),
                blankToNull(env.get("OPENAI_API_KEY")),
                URI.create(env.getOrDefault("OPENAI_BASE_URL", "https://api.openai.com")),
                env.getOrDefault("RELAY_BOOTSTRAP_KEY", generatedRelayKey()),
                Path.of(env.getOrDefault("RELAY_LOCAL_DATA_DIR", ".run-local")));
    }

    /** Everything on free ports with the mock provider: for tests and benchmarks. */
    public static LocalSettings ephemeral(Path dataDir) {
        return new LocalSettings(0, 0, 0, null, "postgres", "postgres", null, null, generatedRelayKey(), dataDir);
    }

    /** Keys and the database password stay out of logs and error messages. */
    @Override
    public String toString() {
        return "LocalSettings[kafkaPort=" + kafkaPort + ", ingestPort=" + ingestPort + ", mockPort=" + mockPort
                + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser + ", dbPassword=***, providerKey="
                + (providerKey == null ? "none" : "***") + ", providerBaseUrl=" + providerBaseUrl
                + ", relayKey=***, dataDir=" + dataDir + "]";
    }

    public boolean usesMockProvider() {
        return providerKey == null;
    }

    static String generatedRelayKey() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return "rk-local-" + HexFormat.of().formatHex(bytes);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number 0-65535, was '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
