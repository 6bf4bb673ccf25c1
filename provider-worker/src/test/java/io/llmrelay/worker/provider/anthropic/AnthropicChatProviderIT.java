package io.llmrelay.worker.provider.anthropic;

import static io.llmrelay.worker.provider.AdapterFixture.deadline;
import static io.llmrelay.worker.provider.AdapterFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.provider.AdapterFixture;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.AttemptResult.Answered;
import io.llmrelay.worker.provider.AttemptResult.Failed;
import io.llmrelay.worker.provider.ProviderFailure;
import io.llmrelay.worker.provider.ProviderFailure.CallerError;
import io.llmrelay.worker.provider.ProviderFailure.CredentialRejected;
import io.llmrelay.worker.provider.ProviderFailure.CredentialUnavailable;
import io.llmrelay.worker.provider.ProviderFailure.RateLimited;
import io.llmrelay.worker.provider.ProviderFailure.ServerError;
import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.ProvidersSettings;
import io.llmrelay.worker.provider.RateLimitHints;
import io.llmrelay.worker.provider.Target;
import io.llmrelay.worker.provider.TestCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicChatProviderIT {

    private final AdapterFixture fixture = new AdapterFixture();
    private MockProvider mock;

    @BeforeEach
    void start() {
        mock = MockProvider.start(MockBehaviour.healthy().withRequiredApiKey("sk-ant-current"));
    }

    @AfterEach
    void stop() {
        mock.close();
        fixture.close();
    }

    private AttemptResult complete(TestCredentials credentials, CompletionRequest request)
            throws InterruptedException {
        ProvidersSettings.Provider settings = new ProvidersSettings.Provider(ProviderKind.ANTHROPIC, mock.baseUrl(),
                null, null, Duration.ofSeconds(2), Duration.ofSeconds(10), "2024-10-21", Map.of(), "2023-06-01", 1024);
        AnthropicChatProvider provider = new AnthropicChatProvider("anthropic", settings,
                fixture.call("anthropic", mock.baseUrl(), credentials), AdapterFixture.JSON);
        return provider.complete(request, "claude-sonnet-4-5", deadline());
    }

    private AttemptResult complete(TestCredentials credentials, String userContent) throws InterruptedException {
        return complete(credentials, request(userContent).build());
    }

    @Test
    void answersInTheRelaysShapeWithTheSystemPromptCountedAndTheLimitsReported() throws InterruptedException {
        AttemptResult result = complete(TestCredentials.apiKeys("sk-ant-current"), "Hello there, how are you?");

        assertThat(result).isInstanceOf(Answered.class);
        AttemptResult.Completion completion = ((Answered) result).completion();
        assertThat(completion.responseId()).startsWith("msg_");
        assertThat(completion.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(completion.content()).isEqualTo("Mock reply to: Hello there, how are you?");
        assertThat(completion.finishReason()).isEqualTo("stop");
        // the system prompt went as the top-level system field, and the mock counted it like a message
        assertThat(completion.usage()).isEqualTo(new TokenUsage(17, 10, 0));
        assertThat(mock.authorizationHeaders()).containsExactly("sk-ant-current");
        assertThat(fixture.signals.last().target()).isEqualTo(new Target("anthropic", "claude-sonnet-4-5"));
        RateLimitHints hints = fixture.signals.last().hints();
        assertThat(hints.remainingRequests()).hasValue(3_999);
        assertThat(hints.remainingTokens()).hasValue(2_000_000 - 17);
        assertThat(hints.tokensReset()).hasValueSatisfying(reset ->
                assertThat(reset).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(61)));
    }

    @Test
    void theRequestsMaxTokensCutsTheAnswerAndMapsToLength() throws InterruptedException {
        AttemptResult result = complete(TestCredentials.apiKeys("sk-ant-current"),
                request("Hello there, how are you?").setMaxTokens(2).build());

        assertThat(((Answered) result).completion().content()).isEqualTo("Mock rep");
        assertThat(((Answered) result).completion().finishReason()).isEqualTo("length");
    }

    @Test
    void overloadedIsARetryableServerErrorAndARateLimitCarriesItsWaitAndHints() throws InterruptedException {
        TestCredentials credentials = TestCredentials.apiKeys("sk-ant-current");
        ProviderFailure overloaded = failure(complete(credentials, "x [mock:status=529]"));
        assertThat(overloaded).isInstanceOf(ServerError.class);
        assertThat(overloaded.httpStatus()).hasValue(529);
        assertThat(overloaded.retryable()).isTrue();
        assertThat(overloaded.message()).contains("Overloaded");

        ProviderFailure limited = failure(complete(credentials, "x [mock:status=429][mock:retry-after=1500]"));
        assertThat(limited).isInstanceOf(RateLimited.class);
        assertThat(limited.retryAfter()).hasValue(Duration.ofSeconds(2)); // Anthropic's retry-after is whole seconds
        RateLimitHints hints = fixture.signals.last().hints();
        assertThat(hints.remainingRequests()).hasValue(0);
        assertThat(hints.retryAfter()).hasValue(Duration.ofSeconds(2));
        assertThat(hints.requestsReset()).hasValueSatisfying(reset -> assertThat(reset).isPositive());

        assertThat(failure(complete(credentials, "x [mock:status=500]"))).isInstanceOf(ServerError.class);
    }

    @Test
    void anthropicsErrorTypesBecomeTheCodesOfCallerErrors() throws InterruptedException {
        TestCredentials credentials = TestCredentials.apiKeys("sk-ant-current");
        ProviderFailure invalid = failure(complete(credentials, "x [mock:status=400]"));
        assertThat(invalid).isInstanceOf(CallerError.class);
        assertThat(invalid.code()).isEqualTo("invalid_request_error");

        ProviderFailure notFound = failure(complete(credentials, "x [mock:status=404]"));
        assertThat(notFound.code()).isEqualTo("not_found_error");
        assertThat(notFound.retryable()).isFalse();
    }

    @Test
    void aRejectedKeyIsReplacedOnceByTheRotatedOne() throws InterruptedException {
        TestCredentials credentials = TestCredentials.apiKeys("sk-ant-old", "sk-ant-current");

        assertThat(complete(credentials, "hi")).isInstanceOf(Answered.class);
        assertThat(mock.authorizationHeaders()).containsExactly("sk-ant-old", "sk-ant-current");
    }

    @Test
    void aRejectedKeyWithoutReplacementNeverShowsTheKey() throws InterruptedException {
        ProviderFailure failure = failure(complete(TestCredentials.apiKeys("sk-ant-wrong-key-42"), "hi"));

        assertThat(failure).isInstanceOf(CredentialRejected.class);
        assertThat(failure.message()).contains("invalid x-api-key").doesNotContain("sk-ant-wrong-key-42");
    }

    @Test
    void withoutACredentialNothingIsSent() throws InterruptedException {
        assertThat(failure(complete(TestCredentials.none(), "hi"))).isInstanceOf(CredentialUnavailable.class);
        assertThat(mock.requestCount()).isZero();
    }

    private static ProviderFailure failure(AttemptResult result) {
        assertThat(result).isInstanceOf(Failed.class);
        return ((Failed) result).failure();
    }
}
