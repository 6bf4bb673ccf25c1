package io.llmrelay.worker.provider.azure;

import static io.llmrelay.worker.provider.AdapterFixture.deadline;
import static io.llmrelay.worker.provider.AdapterFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.credentials.Credential;
import io.llmrelay.worker.provider.AdapterFixture;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.AttemptResult.Answered;
import io.llmrelay.worker.provider.AttemptResult.Failed;
import io.llmrelay.worker.provider.ProviderFailure;
import io.llmrelay.worker.provider.ProviderFailure.CallerError;
import io.llmrelay.worker.provider.ProviderFailure.CredentialUnavailable;
import io.llmrelay.worker.provider.ProviderFailure.RateLimited;
import io.llmrelay.worker.provider.ProviderFailure.ServerError;
import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.ProvidersSettings;
import io.llmrelay.worker.provider.TestCredentials;
import io.llmrelay.worker.provider.openai.OpenAiAnswer;
import io.llmrelay.worker.provider.openai.OpenAiRequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureOpenAiChatProviderIT {

    private final AdapterFixture fixture = new AdapterFixture();
    private MockProvider mock;

    @BeforeEach
    void start() {
        mock = MockProvider.start(MockBehaviour.healthy().withRequiredApiKey("azure-current"));
    }

    @AfterEach
    void stop() {
        mock.close();
        fixture.close();
    }

    private AttemptResult complete(TestCredentials credentials, String model, String userContent)
            throws InterruptedException {
        ProvidersSettings.Provider settings = new ProvidersSettings.Provider(ProviderKind.AZURE_OPENAI,
                mock.baseUrl(), null, null, Duration.ofSeconds(2), Duration.ofSeconds(10), "2024-10-21",
                Map.of("gpt-4o", "prod-4o"), "2023-06-01", 1024);
        AzureOpenAiChatProvider provider = new AzureOpenAiChatProvider("azure-eu", settings,
                fixture.call("azure-eu", mock.baseUrl(), credentials), new OpenAiRequestBody(AdapterFixture.JSON),
                new OpenAiAnswer(AdapterFixture.JSON));
        return provider.complete(request(userContent).build(), model, deadline());
    }

    @Test
    void callsTheModelsDeploymentWithTheApiKeyHeader() throws InterruptedException {
        AttemptResult result = complete(TestCredentials.apiKeys("azure-current"), "gpt-4o",
                "Hello there, how are you?");

        assertThat(result).isInstanceOf(Answered.class);
        AttemptResult.Completion completion = ((Answered) result).completion();
        assertThat(completion.model()).as("the mock answers with the deployment it was called on")
                .isEqualTo("prod-4o");
        assertThat(completion.usage()).isEqualTo(new TokenUsage(17, 10, 0));
        assertThat(mock.authorizationHeaders()).containsExactly("azure-current");
        assertThat(fixture.signals.last().hints().remainingRequests()).hasValue(9_999);
    }

    @Test
    void aModelWithoutADeploymentIsItsOwnDeploymentAndATokenGoesAsBearer() throws InterruptedException {
        AttemptResult result = complete(TestCredentials.of(Credential.Type.BEARER_TOKEN, "azure-current"),
                "gpt-4o-mini", "hi");

        assertThat(((Answered) result).completion().model()).isEqualTo("gpt-4o-mini");
        assertThat(mock.authorizationHeaders()).containsExactly("Bearer azure-current");
    }

    @Test
    void azuresRateLimitAndContentFilterAreClassified() throws InterruptedException {
        TestCredentials credentials = TestCredentials.apiKeys("azure-current");
        ProviderFailure limited = failure(complete(credentials, "gpt-4o", "x [mock:status=429][mock:retry-after=2500]"));
        assertThat(limited).isInstanceOf(RateLimited.class);
        assertThat(limited.retryAfter()).hasValue(Duration.ofMillis(2500));
        assertThat(limited.message()).contains("exceeded call rate limit");
        assertThat(fixture.signals.last().hints().remainingTokens()).hasValue(0);

        ProviderFailure filtered = failure(complete(credentials, "gpt-4o", "x [mock:content-filter]"));
        assertThat(filtered).isInstanceOf(CallerError.class);
        assertThat(filtered.code()).isEqualTo("content_filter");
        assertThat(filtered.retryable()).isFalse();

        assertThat(failure(complete(credentials, "gpt-4o", "x [mock:status=500]"))).isInstanceOf(ServerError.class);
    }

    @Test
    void aRejectedKeyIsReplacedOnceByTheRotatedOne() throws InterruptedException {
        TestCredentials credentials = TestCredentials.apiKeys("azure-old", "azure-current");

        assertThat(complete(credentials, "gpt-4o", "hi")).isInstanceOf(Answered.class);
        assertThat(mock.authorizationHeaders()).containsExactly("azure-old", "azure-current");
    }

    @Test
    void withoutACredentialNothingIsSent() throws InterruptedException {
        assertThat(failure(complete(TestCredentials.none(), "gpt-4o", "hi"))).isInstanceOf(CredentialUnavailable.class);
        assertThat(mock.requestCount()).isZero();
    }

    @Test
    void theDeploymentAndApiVersionAreEncodedIntoTheUrl() {
        ProvidersSettings.Provider settings = new ProvidersSettings.Provider(ProviderKind.AZURE_OPENAI,
                java.net.URI.create("https://res.openai.azure.com/"), null, null, Duration.ofSeconds(2),
                Duration.ofSeconds(10), "2024-10-21", Map.of("gpt-4o", "my deployment"), "2023-06-01", 1024);
        AzureOpenAiChatProvider provider = new AzureOpenAiChatProvider("az", settings, null, null, null);

        assertThat(provider.endpoint("gpt-4o").toString()).isEqualTo(
                "https://res.openai.azure.com/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21");
    }

    private static ProviderFailure failure(AttemptResult result) {
        assertThat(result).isInstanceOf(Failed.class);
        return ((Failed) result).failure();
    }
}
