package io.llmrelay.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.worker.provider.AdapterFixture;
import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.provider.ProbeResult;
import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.ProvidersSettings;
import io.llmrelay.worker.provider.TestCredentials;
import io.llmrelay.worker.provider.anthropic.AnthropicChatProvider;
import io.llmrelay.worker.provider.azure.AzureOpenAiChatProvider;
import io.llmrelay.worker.provider.openai.OpenAiAnswer;
import io.llmrelay.worker.provider.openai.OpenAiChatProvider;
import io.llmrelay.worker.provider.openai.OpenAiRequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each adapter's probe against the mock provider's model lists: up, a rejected key, no server, a slow server. */
class ProviderProbeIT {

    private static final String KEY = "sk-probe-0123456789";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final AdapterFixture fixture = new AdapterFixture();
    private MockProvider mock;

    @BeforeEach
    void start() {
        // failing every completion: a probe must not care, it lists models only
        mock = MockProvider.start(MockBehaviour.healthy().withRequiredApiKey(KEY).withErrorRate(1.0));
    }

    @AfterEach
    void stop() {
        mock.close();
        fixture.close();
    }

    @Test
    void openAiProbeIsUpWithTheKeyAndDownWithTheRejectionsCodeWithoutMarkingTheKeyBad() throws Exception {
        ProbeResult up = openAi(mock.baseUrl(), TestCredentials.apiKeys(KEY)).probe(TIMEOUT);
        assertThat(up.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(up.reason()).isEmpty();
        // no completion was asked for: the mock counts chat requests only
        assertThat(mock.requestCount()).isZero();

        TestCredentials wrong = TestCredentials.apiKeys("sk-revoked-0000", "sk-other-0000");
        ProbeResult down = openAi(mock.baseUrl(), wrong).probe(TIMEOUT);
        assertThat(down.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(down.reason()).isEqualTo("provider_credential_rejected 401").doesNotContain("sk-revoked");
        assertThat(wrong.rejectedSoFar()).isEmpty();
    }

    @Test
    void anthropicAndAzureProbeTheirOwnModelListsWithTheirOwnHeaders() throws Exception {
        ProvidersSettings.Provider anthropicSettings = new ProvidersSettings.Provider(ProviderKind.ANTHROPIC,
                mock.baseUrl(), null, null, Duration.ofSeconds(2), Duration.ofSeconds(10), "2024-10-21", Map.of(),
                "2023-06-01", 1024);
        ChatProvider anthropic = new AnthropicChatProvider("anthropic", anthropicSettings,
                fixture.call("anthropic", mock.baseUrl(), TestCredentials.apiKeys(KEY)), AdapterFixture.JSON);
        assertThat(anthropic.probe(TIMEOUT).status()).isEqualTo(ProbeResult.Status.UP);
        ChatProvider anthropicWrongKey = new AnthropicChatProvider("anthropic", anthropicSettings,
                fixture.call("anthropic", mock.baseUrl(), TestCredentials.apiKeys("sk-ant-wrong")), AdapterFixture.JSON);
        assertThat(anthropicWrongKey.probe(TIMEOUT).reason()).isEqualTo("provider_credential_rejected 401");

        ProvidersSettings.Provider azureSettings = new ProvidersSettings.Provider(ProviderKind.AZURE_OPENAI,
                mock.baseUrl(), null, null, Duration.ofSeconds(2), Duration.ofSeconds(10), "2024-10-21",
                Map.of("gpt-4o", "prod-4o"), "2023-06-01", 1024);
        ChatProvider azure = new AzureOpenAiChatProvider("azure-eu", azureSettings,
                fixture.call("azure-eu", mock.baseUrl(), TestCredentials.apiKeys(KEY)),
                new OpenAiRequestBody(AdapterFixture.JSON), new OpenAiAnswer(AdapterFixture.JSON));
        assertThat(azure.probe(TIMEOUT).status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(mock.requestCount()).isZero();
    }

    @Test
    void aProviderThatIsNotThereOrTooSlowIsDownWithTheReason() throws Exception {
        URI gone = mock.baseUrl();
        mock.close();
        ProbeResult unreachable = openAi(gone, TestCredentials.apiKeys(KEY)).probe(TIMEOUT);
        assertThat(unreachable.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(unreachable.reason()).isEqualTo("provider_unreachable");

        CountDownLatch release = new CountDownLatch(1);
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slow.createContext("/", exchange -> {
            try (exchange) {
                release.await(10, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // the probe gave up first, as it should
            }
        });
        slow.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + slow.getAddress().getPort());
            ProbeResult timedOut = openAi(url, TestCredentials.apiKeys(KEY)).probe(Duration.ofMillis(200));
            assertThat(timedOut.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(timedOut.reason()).isEqualTo("provider_timeout");
        } finally {
            release.countDown();
            slow.stop(0);
        }
    }

    @Test
    void aMissingCredentialIsDownWithoutACall() throws Exception {
        ProbeResult result = openAi(mock.baseUrl(), TestCredentials.none()).probe(TIMEOUT);
        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.reason()).isEqualTo("provider_credential_unavailable");
        assertThat(result.latency()).isZero();
    }

    private ChatProvider openAi(URI baseUrl, TestCredentials credentials) {
        return new OpenAiChatProvider("openai", baseUrl, null, fixture.call("openai", baseUrl, credentials),
                new OpenAiRequestBody(AdapterFixture.JSON), new OpenAiAnswer(AdapterFixture.JSON));
    }
}
