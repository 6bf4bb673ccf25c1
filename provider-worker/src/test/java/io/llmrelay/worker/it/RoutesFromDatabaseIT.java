package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A worker whose providers and route come only from the database: {@code api_configurations} and
 * {@code model_routes} in a real PostgreSQL, created by the usage-aggregator's own migration files (read from that
 * module's sources, so the test runs the DDL that ships), keys from a credential file, no {@code relay.providers}
 * and no {@code relay.routing.routes}. And a bad row, or an unreachable database, stopping start-up with a message
 * naming it.
 */
class RoutesFromDatabaseIT {

    private static final Path MIGRATIONS = Path.of("../usage-aggregator/src/main/resources/db/migration");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ALIAS = "mock-model";
    private static final String FALLBACK_MODEL = "claude-haiku-4-5";

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final PostgresServer postgres = SharedInfra.postgres();
    private RelayTopics relay;
    private String jdbcUrl;
    private MockProvider primary;
    private MockProvider fallback;
    @TempDir
    private Path keys;

    @BeforeEach
    void setUp() throws Exception {
        relay = new RelayTopics();
        closeAfter.add(relay);
        primary = MockProvider.start(MockBehaviour.healthy().withErrorRate(1.0));
        closeAfter.add(primary);
        fallback = MockProvider.start(MockBehaviour.healthy());
        closeAfter.add(fallback);
        jdbcUrl = newDatabase();
        sql(read("V1__api_configurations.sql"));
        sql(read("V9__routes_from_database.sql"));
        Files.writeString(keys.resolve("keys.properties"), "main-api-key=" + Worker.API_KEY
                + "\nbackup-api-key=sk-ant-it-0123456789abcdefghij\n");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeAfter.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aRouteReadFromTheDatabaseFallsBackFromTheDownPrimaryToTheSecondProvider() {
        // kind left null: inferred from the URL (127.0.0.1 is openai-compatible); the fallback's endpoint is written
        // with the API path, which the adapter appends itself
        sql("INSERT INTO api_configurations (provider_name, endpoint_url, api_key_secret_name, timeout_seconds)"
                + " VALUES ('main', '" + primary.baseUrl() + "', 'main-api-key', 10)");
        sql("INSERT INTO api_configurations (provider_name, kind, endpoint_url, api_key_secret_name)"
                + " VALUES ('backup', 'anthropic', '" + fallback.baseUrl() + "/v1/messages', 'backup-api-key')");
        // a disabled row with a name no route uses: never built (it would fail for want of a key)
        sql("INSERT INTO api_configurations (provider_name, endpoint_url, api_key_secret_name, enabled)"
                + " VALUES ('retired', 'https://api.openai.com', 'retired-api-key', false)");
        route(1, "backup", FALLBACK_MODEL);
        route(0, "main", ALIAS);
        ConfigurableApplicationContext worker = worker();

        List<CompletionRequest> requests = send(3);

        assertThat(awaitResults(requests).values()).allSatisfy(result -> {
            assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
            assertThat(result.getProvider()).isEqualTo("backup");
        });
        assertThat(primary.requestCount()).as("the route's first target was tried first").isPositive();
        assertThat(fallback.requestCount()).isEqualTo(3);
        assertThat(worker.getBean(io.llmrelay.worker.provider.ProviderRegistry.class).ids())
                .containsExactly("main", "backup");
    }

    @Test
    void aProviderWhoseRowTurnsItsCircuitBreakerOffIsCalledByEveryRequest() {
        sql("INSERT INTO api_configurations (provider_name, endpoint_url, api_key_secret_name, circuit_breaker_enabled)"
                + " VALUES ('main', '" + primary.baseUrl() + "', 'main-api-key', false)");
        sql("INSERT INTO api_configurations (provider_name, kind, endpoint_url, api_key_secret_name)"
                + " VALUES ('backup', 'anthropic', '" + fallback.baseUrl() + "', 'backup-api-key')");
        route(0, "main", ALIAS);
        route(1, "backup", FALLBACK_MODEL);
        // with a breaker, two failures in a row would keep every later request away from the primary for a minute
        worker("--relay.breaker.failure-threshold=2", "--relay.breaker.wait-open=60s");

        List<CompletionRequest> requests = send(5);

        assertThat(awaitResults(requests).values())
                .allSatisfy(result -> assertThat(result.getProvider()).isEqualTo("backup"));
        assertThat(primary.requestCount()).as("every request tried the primary, twice (relay.provider.retry)")
                .isEqualTo(10);
    }

    @Test
    void aRouteRowNamingAnUnknownProviderFailsStartUpNamingTheRow() {
        sql("INSERT INTO api_configurations (provider_name, endpoint_url, api_key_secret_name)"
                + " VALUES ('main', '" + primary.baseUrl() + "', 'main-api-key')");
        route(0, "main", ALIAS);
        route(1, "ghost", FALLBACK_MODEL);

        assertThatThrownBy(this::worker).rootCause()
                .hasMessageContaining("model_routes row (alias='" + ALIAS + "', position=1)")
                .hasMessageContaining("names provider 'ghost', which is not configured");
    }

    @Test
    void anUnparseableEndpointAndABadStrategyFailStartUpNamingTheirRows() {
        sql("INSERT INTO api_configurations (provider_name, endpoint_url, api_key_secret_name)"
                + " VALUES ('main', 'ftp://files.example.com', 'main-api-key')");
        sql("INSERT INTO model_routes (alias, position, provider_name, model, strategy)"
                + " VALUES ('" + ALIAS + "', 0, 'main', '" + ALIAS + "', 'round-robin')");

        assertThatThrownBy(this::worker).rootCause()
                .hasMessageContaining("api_configurations row provider_name='main': endpoint_url"
                        + " 'ftp://files.example.com' is not an http or https URL")
                .hasMessageContaining("model_routes row (alias='" + ALIAS + "', position=0): strategy 'round-robin'");
    }

    @Test
    void anUnreachableDatabaseFailsStartUpWhenReadingFromItIsOn() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> worker("--relay.routing.from-database=true", "--relay.rate-limits.backend=local",
                "--relay.rate-limits.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/relay"))
                .hasStackTraceContaining("relay.routing.from-database: cannot read providers and routes from"
                        + " relay.rate-limits.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort)
                .rootCause().isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void theMigrationKeepsOnlyTheNewestOfRepeatedProviderNamesEnabledAndKeepsEveryOriginalColumn() throws SQLException {
        String url = newDatabase();
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute(read("V1__api_configurations.sql"));
            statement.execute("INSERT INTO api_configurations (provider_name, endpoint_url, api_key_secret_name,"
                    + " updated_at) VALUES ('openai', 'https://old.example', 'a', '2025-01-01'),"
                    + " ('openai', 'https://new.example', 'b', '2026-01-01'), ('anthropic', 'https://x', 'c', NULL)");
            statement.execute(read("V9__routes_from_database.sql"));

            var rows = statement.executeQuery("SELECT endpoint_url, enabled, kind, retry_attempts"
                    + " FROM api_configurations ORDER BY endpoint_url");
            List<String> seen = new ArrayList<>();
            while (rows.next()) {
                seen.add(rows.getString(1) + " " + rows.getBoolean(2) + " " + rows.getString(3) + " " + rows.getInt(4));
            }
            assertThat(seen).containsExactly("https://new.example true null 3", "https://old.example false null 3",
                    "https://x true null 3");
            assertThatThrownBy(() -> statement.execute("INSERT INTO api_configurations (provider_name, endpoint_url,"
                    + " api_key_secret_name) VALUES ('openai', 'https://third.example', 'd')"))
                    .hasMessageContaining("api_configurations_enabled_provider_name");
        }
    }

    private String newDatabase() {
        return postgres.createDatabase("routes_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    }

    private static String read(String migration) {
        try {
            return Files.readString(MIGRATIONS.resolve(migration));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void route(int position, String provider, String model) {
        sql("INSERT INTO model_routes (alias, position, provider_name, model) VALUES ('" + ALIAS + "', " + position
                + ", '" + provider + "', '" + model + "')");
    }

    private ConfigurableApplicationContext worker(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--relay.kafka.bootstrap-servers=" + relay.bootstrapServers(),
                "--relay.kafka.topic-prefix=" + relay.prefix,
                "--relay.worker.group-id=" + relay.prefix + "workers",
                "--relay.worker.instance-id=w1",
                // relay.routing.from-database is left to its default: on, as a database is configured
                "--relay.rate-limits.datasource.url=" + jdbcUrl,
                "--relay.rate-limits.datasource.username=" + postgres.username(),
                "--relay.rate-limits.datasource.password=" + postgres.password(),
                "--relay.credentials.source=file",
                "--relay.credentials.file.path=" + keys.resolve("keys.properties"),
                "--relay.provider.retry.max-attempts=2",
                "--relay.provider.retry.base-delay=20ms",
                "--relay.retry-topic.max-parks=0"));
        ConfigurableApplicationContext worker = Worker.start(Worker.overriding(args, extra));
        closeAfter.add(worker);
        return worker;
    }

    private List<CompletionRequest> send(int count) {
        return relay.sendRequests(count, ALIAS);
    }

    private Map<String, CompletionResult> awaitResults(List<CompletionRequest> requests) {
        return relay.awaitResults(requests, WAIT);
    }

    private void sql(String statements) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute(statements);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
