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
 * @param management    the services' actuator ports, one each as they share this JVM
 */
public record LocalSettings(int kafkaPort, int ingestPort, int mockPort, String dbUrl, String dbUser,
                            String dbPassword, String providerKey, URI providerBaseUrl, String relayKey,
                            Path dataDir, ManagementPorts management) {

    /**
     * Where each service answers {@code /actuator/health} and {@code /actuator/prometheus} (0 = any free port). In
     * a pod every service uses 8081; in the one local JVM they need three.
     */
    public record ManagementPorts(int ingest, int worker, int aggregator) {

        static final ManagementPorts ANY_FREE = new ManagementPorts(0, 0, 0);
    }

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
                Path.of(env.getOrDefault("RELAY_LOCAL_DATA_DIR", ".run-local")),
                new ManagementPorts(
                        port(env, "RELAY_INGEST_MANAGEMENT_PORT", 8081),
                        port(env, "RELAY_WORKER_MANAGEMENT_PORT", 8082),
                        port(env, "RELAY_AGGREGATOR_MANAGEMENT_PORT", 8083)));
    }

    /** Everything on free ports with the mock provider: for tests and benchmarks. */
    public static LocalSettings ephemeral(Path dataDir) {
        return new LocalSettings(0, 0, 0, null, "postgres", "postgres", null, null, generatedRelayKey(), dataDir,
                ManagementPorts.ANY_FREE);
    }

    /** The same settings calling an OpenAI-compatible provider at {@code baseUrl} with {@code key}. */
    public LocalSettings withProvider(String key, URI baseUrl) {
        return new LocalSettings(kafkaPort, ingestPort, mockPort, dbUrl, dbUser, dbPassword, key, baseUrl, relayKey,
                dataDir, management);
    }

    public LocalSettings withRelayKey(String key) {
        return new LocalSettings(kafkaPort, ingestPort, mockPort, dbUrl, dbUser, dbPassword, providerKey,
                providerBaseUrl, key, dataDir, management);
    }

    /** Keys and the database password stay out of logs and error messages. */
    @Override
    public String toString() {
        return "LocalSettings[kafkaPort=" + kafkaPort + ", ingestPort=" + ingestPort + ", mockPort=" + mockPort
                + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser + ", dbPassword=***, providerKey="
                + (providerKey == null ? "none" : "***") + ", providerBaseUrl=" + providerBaseUrl
                + ", relayKey=***, dataDir=" + dataDir + ", management=" + management + "]";
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
