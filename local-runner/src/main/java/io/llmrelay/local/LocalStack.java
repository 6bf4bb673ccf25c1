package io.llmrelay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.testkit.kafka.EmbeddedKafkaBroker;
import io.llmrelay.testkit.postgres.EmbeddedPostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole pipeline in one JVM on the same real parts the tests use: an in-process KRaft broker, an
 * embedded PostgreSQL (or the one at RELAY_DB_URL), the mock provider (or OpenAI when a key is set),
 * and the three services, each in its own Spring context as it would run in its own pod.
 */
public final class LocalStack implements AutoCloseable {

    /** Not a secret: the mock provider accepts any bearer token. */
    static final String MOCK_PROVIDER_KEY = "mock-provider-key";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private String bootstrapServers;
    private String dbUrl;
    private URI providerBaseUrl;
    private URI ingestUrl;
    private URI ingestManagementUrl;
    private URI workerManagementUrl;
    private URI aggregatorManagementUrl;
    private MockProvider mock;
    private final LocalSettings settings;

    private LocalStack(LocalSettings settings) {
        this.settings = settings;
    }

    public static LocalStack start(LocalSettings settings, StartListener listener) {
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startInfrastructure(listener);
            stack.startServices(listener);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startInfrastructure(StartListener listener) {
        listener.step("Kafka broker (KRaft, in-process)");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings.kafkaPort(),
                settings.dataDir().resolve("kafka-" + ProcessHandle.current().pid()), true);
        started.push(broker);
        bootstrapServers = broker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            TopicProvisioner.ensure(admin, Topics.all(), (short) 1);
        }

        if (settings.dbUrl() == null) {
            listener.step("PostgreSQL (embedded)");
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startEphemeral();
            started.push(postgres);
            dbUrl = postgres.createDatabase("llmrelay");
        } else {
            dbUrl = settings.dbUrl();
        }

        if (settings.usesMockProvider()) {
            listener.step("mock provider (OpenAI-compatible)");
            mock = MockProvider.start(settings.mockPort(), MockBehaviour.healthy());
            started.push(mock);
            providerBaseUrl = mock.baseUrl();
        } else {
            providerBaseUrl = settings.providerBaseUrl();
        }
    }

    private void startServices(StartListener listener) {
        LocalSettings.ManagementPorts management = settings.management();
        listener.step("usage-aggregator");
        int aggregatorManagement = portOrFree(management.aggregator());
        run("usage-aggregator", List.of(
                "--spring.datasource.url=" + dbUrl,
                "--spring.datasource.username=" + settings.dbUser(),
                "--spring.datasource.password=" + settings.dbPassword(),
                // Streams state beside this run's broker: state left in the shared temp directory by an earlier run
                // (of another, now gone, broker) would be restored against the wrong changelogs
                "--relay.aggregator.totals.state-dir="
                        + settings.dataDir().toAbsolutePath().resolve("kafka-streams-" + ProcessHandle.current().pid()),
                "--server.port=" + aggregatorManagement,
                "--management.server.port=" + aggregatorManagement));
        aggregatorManagementUrl = localUrl(aggregatorManagement);

        listener.step("provider-worker");
        int workerManagement = portOrFree(management.worker());
        run("provider-worker", List.of(
                "--relay.provider.base-url=" + providerBaseUrl,
                "--relay.provider.api-key=" + (settings.usesMockProvider() ? MOCK_PROVIDER_KEY : settings.providerKey()),
                "--relay.worker.instance-id=local-worker",
                // budget reservations (and any rate limits configured) kept in the local database, as on Kubernetes
                "--relay.rate-limits.datasource.url=" + dbUrl,
                "--relay.rate-limits.datasource.username=" + settings.dbUser(),
                "--relay.rate-limits.datasource.password=" + settings.dbPassword(),
                // a request no provider answers is parked once, briefly, so a local caller is not kept waiting long
                "--relay.retry-topic.max-parks=1",
                "--relay.retry-topic.delay=2s",
                "--server.port=" + workerManagement,
                "--management.server.port=" + workerManagement));
        workerManagementUrl = localUrl(workerManagement);

        listener.step("request-ingest");
        int ingestManagement = portOrFree(management.ingest());
        ConfigurableApplicationContext ingest = run("request-ingest", List.of(
                "--server.port=" + settings.ingestPort(),
                "--management.server.port=" + ingestManagement,
                "--relay.ingest.instance-id=local-ingest",
                "--relay.ingest.keys[0].key=" + settings.relayKey(),
                "--relay.ingest.keys[0].key-id=local-key",
                "--relay.ingest.keys[0].user-id=local-user",
                "--relay.ingest.keys[0].team-id=local-team"));
        ingestUrl = localUrl(((WebServerApplicationContext) ingest).getWebServer().getPort());
        ingestManagementUrl = localUrl(ingestManagement);
    }

    /**
     * The worker and the aggregator serve only the actuator, on their one server (server.port). Their management
     * port is given explicitly as well, so a MANAGEMENT_SERVER_PORT in this JVM's environment (which Spring binds to
     * management.server.port) cannot move it to a port another service of the stack holds. Chosen here rather than
     * left at 0, because management.server.port=0 would split the actuator off to a server of its own.
     */
    private static int portOrFree(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    private static URI localUrl(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private ConfigurableApplicationContext run(String service, List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("--relay.kafka.bootstrap-servers=" + bootstrapServers);
        // one readable console: warnings and errors there, everything in the log file
        all.add("--spring.main.banner-mode=off");
        all.add("--logging.threshold.console=WARN");
        // the embedded broker's own clients warn about closing twice when the stack stops
        all.add("--logging.level.org.apache.kafka.clients.NetworkClient=ERROR");
        // the in-process broker's own topic-creation chatter and Streams' start-up notices are not the user's concern
        all.add("--logging.level.kafka.server=ERROR");
        all.add("--logging.level.org.apache.kafka.streams=ERROR");
        all.add("--logging.file.name=" + logFile());
        ConfigurableApplicationContext context = ServiceLauncher.start(service, all);
        started.push(context::close);
        return context;
    }

    public java.nio.file.Path logFile() {
        return settings.dataDir().toAbsolutePath().resolve("llm-relay.log");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String dbUrl() {
        return dbUrl;
    }

    public String dbUser() {
        return settings.dbUser();
    }

    public String dbPassword() {
        return settings.dbPassword();
    }

    public URI ingestUrl() {
        return ingestUrl;
    }

    /** request-ingest's actuator: {@code /actuator/health}, {@code /actuator/prometheus}. */
    public URI ingestManagementUrl() {
        return ingestManagementUrl;
    }

    public URI workerManagementUrl() {
        return workerManagementUrl;
    }

    public URI aggregatorManagementUrl() {
        return aggregatorManagementUrl;
    }

    public URI providerBaseUrl() {
        return providerBaseUrl;
    }

    /** The in-process mock provider, or null when a real provider is used. */
    public MockProvider mock() {
        return mock;
    }

    public String relayKey() {
        return settings.relayKey();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping the local stack: " + e);
            }
        }
    }

    /** Told about each part as it starts, so a person watching sees progress. */
    @FunctionalInterface
    public interface StartListener {
        void step(String part);
    }
}
