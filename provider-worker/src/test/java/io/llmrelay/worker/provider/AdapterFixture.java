package io.llmrelay.worker.provider;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.credentials.CredentialSupplier;
import tools.jackson.databind.json.JsonMapper;

/** What adapter tests share: a real HTTP client, the shared call around it, and requests. */
public final class AdapterFixture implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    public final RecordedSignals signals = new RecordedSignals();

    public ProviderCall call(String providerId, URI baseUrl, CredentialSupplier credentials) {
        return new ProviderCall(providerId, http, credentials,
                new HttpFailureClassifier(providerId, baseUrl, null, JSON, Clock.systemUTC()), signals,
                Duration.ofSeconds(10), Clock.systemUTC());
    }

    /** A request with a system message ("You are terse.", 14 characters) and {@code userContent}. */
    public static CompletionRequest.Builder request(String userContent) {
        return CompletionRequest.newBuilder()
                .setRequestId("00000000-0000-0000-0000-000000000001")
                .setUserId("user-1")
                .setModel("fast")
                .setMessages(List.of(
                        ChatMessage.newBuilder().setRole("system").setContent("You are terse.").build(),
                        ChatMessage.newBuilder().setRole("user").setContent(userContent).build()))
                .setCreatedAt(Instant.now())
                .setDeadline(Instant.now().plusSeconds(30));
    }

    public static Instant deadline() {
        return Instant.now().plusSeconds(30);
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
