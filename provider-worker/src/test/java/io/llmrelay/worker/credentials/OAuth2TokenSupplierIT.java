package io.llmrelay.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.llmrelay.testkit.time.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.worker.provider.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The client-credentials token supplier against a token endpoint of the test's own (the JDK's HTTP server). */
class OAuth2TokenSupplierIT {

    private static final String CLIENT_SECRET = "client-secret-Zx9~0123456789";
    private static final String SCOPE = "https://cognitiveservices.azure.com/.default";

    private final MutableClock clock = new MutableClock();
    private final CapturedEvents captured = new CapturedEvents();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Map<String, String>> forms = new ArrayList<>();
    private volatile int status = 200;
    private volatile String errorBody = "";
    private volatile Object expiresIn = 3600;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private HttpServer server;
    private HttpClient http;

    @BeforeEach
    void startTokenEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tenant/oauth2/v2.0/token", this::token);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.close();
        for (AuditEvent event : captured.events) {
            assertThat(event.toString()).doesNotContain(CLIENT_SECRET);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        int number = requests.incrementAndGet();
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (forms) {
            forms.add(Arrays.stream(form.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                    pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8))));
        }
        try {
            gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String body = status == 200 ? "{\"token_type\":\"Bearer\",\"expires_in\":" + (expiresIn instanceof String s
                ? "\"" + s + "\"" : expiresIn) + ",\"access_token\":\"token-" + number + "\"}" : errorBody;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void postsTheClientCredentialsGrantAndCachesTheTokenUntilShortlyBeforeItExpires() throws Exception {
        OAuth2TokenSupplier supplier = supplier(() -> Secret.of(CLIENT_SECRET));

        Credential first = supplier.current();
        assertThat(supplier.current()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(3600 - 61));
        assertThat(supplier.current()).isEqualTo(first);

        assertThat(first.type()).isEqualTo(Credential.Type.BEARER_TOKEN);
        assertThat(first.secret().reveal()).isEqualTo("token-1");
        assertThat(requests).hasValue(1);
        assertThat(forms.getFirst()).containsExactlyInAnyOrderEntriesOf(Map.of("grant_type", "client_credentials",
                "client_id", "relay-worker", "client_secret", CLIENT_SECRET, "scope", SCOPE));

        clock.advance(Duration.ofSeconds(2));
        assertThat(supplier.current().secret().reveal()).as("refreshed within the last 60 s").isEqualTo("token-2");
        assertThat(requests).hasValue(2);
        assertThat(captured.withAction("oauth2.token_refreshed")).extracting(AuditEvent::getKeyFingerprint)
                .containsExactly(Secret.of("token-1").fingerprint(), Secret.of("token-2").fingerprint());
    }

    @Test
    void aShortLivedTokenIsRefreshedATenthOfItsLifetimeEarly() throws Exception {
        expiresIn = "300";
        OAuth2TokenSupplier supplier = supplier(() -> Secret.of(CLIENT_SECRET));

        supplier.current();
        clock.advance(Duration.ofSeconds(269));
        assertThat(supplier.current().secret().reveal()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(supplier.current().secret().reveal()).isEqualTo("token-2");
    }

    @Test
    void concurrentCallersWithoutATokenWaitForOneRequest() throws Exception {
        OAuth2TokenSupplier supplier = supplier(() -> Secret.of(CLIENT_SECRET));
        gate = new CountDownLatch(1);
        List<Future<Credential>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                calls.add(threads.submit(supplier::current));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() == 1);
            gate.countDown();
            for (Future<Credential> call : calls) {
                assertThat(call.get().secret().reveal()).isEqualTo("token-1");
            }
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void whileOneCallerRefreshesAnExpiringTokenTheOthersKeepUsingIt() throws Exception {
        OAuth2TokenSupplier supplier = supplier(() -> Secret.of(CLIENT_SECRET));
        supplier.current();
        clock.advance(Duration.ofSeconds(3600 - 30));
        gate = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Credential> refresher = threads.submit(supplier::current);
            await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() == 2);

            assertThat(supplier.current().secret().reveal()).isEqualTo("token-1");

            gate.countDown();
            assertThat(refresher.get().secret().reveal()).isEqualTo("token-2");
        }
        assertThat(supplier.current().secret().reveal()).isEqualTo("token-2");
        assertThat(requests).hasValue(2);
    }

    @Test
    void aRejectedTokenIsReplacedOnce() throws Exception {
        OAuth2TokenSupplier supplier = supplier(() -> Secret.of(CLIENT_SECRET));
        Credential first = supplier.current();
        clock.advance(OAuth2TokenSupplier.MIN_FORCED_REFRESH_INTERVAL.plusSeconds(1));

        assertThat(supplier.rejected(first)).map(c -> c.secret().reveal()).contains("token-2");
        assertThat(supplier.rejected(first)).as("a second rejection of the old token: the new one, no request")
                .map(c -> c.secret().reveal()).contains("token-2");
        assertThat(supplier.rejected(supplier.current())).as("the new token, issued just now, rejected too").isEmpty();

        assertThat(requests).hasValue(2);
        assertThat(captured.withAction("provider.credential_rejected"))
                .extracting(e -> e.getDetails().get("retry_with")).containsExactly("oauth2/azure", "oauth2/azure", "none");
    }

    @Test
    void aFailingTokenEndpointMakesTheProviderUnavailableWithoutShowingTheSecret() throws Exception {
        status = 401;
        errorBody = "{\"error\":\"invalid_client " + CLIENT_SECRET + "\",\"error_description\":\"AADSTS7000215:"
                + " Invalid client secret provided: " + CLIENT_SECRET + "\"}";
        OAuth2TokenSupplier supplier = supplier(() -> Secret.of(CLIENT_SECRET));

        assertThatThrownBy(supplier::current).isInstanceOf(CredentialUnavailableException.class)
                .hasMessage("provider 'azure': no OAuth2 token from " + tokenUrl()
                        + ": the token endpoint answered 401 (invalid_client [redacted])");
        assertThatThrownBy(supplier::current).as("within the failure hold: no second request")
                .isInstanceOf(CredentialUnavailableException.class);
        assertThat(requests).hasValue(1);
        assertThat(captured.withAction("oauth2.token_failed")).singleElement()
                .satisfies(e -> assertThat(e.getDetails().get("reason")).contains("answered 401"));

        clock.advance(OAuth2TokenSupplier.FAILURE_HOLD);
        status = 200;
        assertThat(supplier.current().secret().reveal()).isEqualTo("token-2");
    }

    @Test
    void anUnreachableTokenEndpointMakesTheProviderUnavailable() {
        server.stop(0);
        OAuth2TokenSupplier supplier = supplier(() -> Secret.of(CLIENT_SECRET));

        assertThatThrownBy(supplier::current).isInstanceOf(CredentialUnavailableException.class)
                .hasMessageContaining("cannot reach the token endpoint").hasMessageNotContaining(CLIENT_SECRET);
    }

    @Test
    void readsAnEncryptedClientSecretFromTheSourceAtEachRefresh() throws Exception {
        String kek = KeyEncryptionKeys.generate("k1");
        EnvelopeCipher cipher = new EnvelopeCipher(KeyEncryptionKeys.parse(kek, "test"));
        MemorySource source = new MemorySource().put("azure-client-secret",
                cipher.encrypt("azure-client-secret", "k1", CLIENT_SECRET));
        OAuth2TokenSupplier supplier = supplier(new ClientSecretEntry("azure", source, new EntryDecoder(cipher, true),
                captured.credentialEvents(clock)));

        supplier.current();
        source.put("azure-client-secret", cipher.encrypt("azure-client-secret", "k1", "rotated-secret-0123456789"));
        clock.advance(Duration.ofHours(1));
        supplier.current();
        source.put("azure-client-secret", "plain-secret-0123456789");
        clock.advance(Duration.ofHours(1));

        assertThatThrownBy(supplier::current).hasMessage("provider 'azure': entry azure-client-secret of memory is not"
                + " encrypted (enc:v1:...) and relay.credentials.require-encryption is true");
        assertThat(forms).extracting(form -> form.get("client_secret"))
                .containsExactly(CLIENT_SECRET, "rotated-secret-0123456789");
        assertThat(captured.withAction("credential.invalid")).hasSize(1);
    }

    private OAuth2TokenSupplier supplier(OAuth2TokenSupplier.ClientSecret secret) {
        return new OAuth2TokenSupplier("azure", new OAuth2TokenSupplier.Client(tokenUrl(), "relay-worker", SCOPE,
                secret, Duration.ofSeconds(5)), http, JsonMapper.builder().build(), clock,
                captured.credentialEvents(clock));
    }

    private URI tokenUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tenant/oauth2/v2.0/token");
    }
}
