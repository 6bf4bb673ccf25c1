package io.llmrelay.testkit;

import java.util.Locale;

import io.llmrelay.testkit.containers.ContainerKafka;
import io.llmrelay.testkit.containers.ContainerPostgres;
import io.llmrelay.testkit.kafka.EmbeddedKafkaBroker;
import io.llmrelay.testkit.kafka.KafkaCluster;
import io.llmrelay.testkit.postgres.EmbeddedPostgresServer;
import io.llmrelay.testkit.postgres.PostgresServer;

/**
 * One Kafka cluster and one PostgreSQL per test JVM (a module's test run), started on first use and
 * stopped when the JVM exits. Tests keep apart by using their own topic prefix, consumer groups and
 * database.
 *
 * <p>{@code RELAY_TEST_INFRA=embedded} (default) runs both in-process; {@code containers} uses
 * Testcontainers and needs a Docker engine.
 */
public final class SharedInfra {

    private static KafkaCluster kafka;
    private static PostgresServer postgres;

    private SharedInfra() {
    }

    public static synchronized KafkaCluster kafka() {
        if (kafka == null) {
            kafka = containers() ? ContainerKafka.start() : EmbeddedKafkaBroker.startEphemeral();
            closeOnExit(kafka, "kafka");
        }
        return kafka;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = containers() ? ContainerPostgres.start() : EmbeddedPostgresServer.startEphemeral();
            closeOnExit(postgres, "postgres");
        }
        return postgres;
    }

    static boolean containers() {
        String mode = System.getenv().getOrDefault("RELAY_TEST_INFRA", "embedded").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "embedded" -> false;
            case "containers" -> true;
            default -> throw new IllegalArgumentException(
                    "RELAY_TEST_INFRA must be 'embedded' or 'containers', was '" + mode + "'");
        };
    }

    private static void closeOnExit(AutoCloseable resource, String name) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("stop-" + name).unstarted(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("stopping " + name + " failed: " + e);
            }
        }));
    }
}
