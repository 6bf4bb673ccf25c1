package io.llmrelay.worker.provider.openai;

import static io.llmrelay.worker.provider.AdapterFixture.deadline;
import static io.llmrelay.worker.provider.AdapterFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.worker.provider.AdapterFixture;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.AttemptResult.Answered;
import io.llmrelay.worker.provider.AttemptResult.Failed;
import io.llmrelay.worker.provider.ProviderFailure;
import io.llmrelay.worker.provider.ProviderFailure.CallerError;
import io.llmrelay.worker.provider.ProviderFailure.CredentialRejected;
import io.llmrelay.worker.provider.ProviderFailure.CredentialUnavailable;
import io.llmrelay.worker.provider.ProviderFailure.InvalidResponse;
import io.llmrelay.worker.provider.ProviderFailure.RateLimited;
import io.llmrelay.worker.provider.ProviderFailure.ServerError;
import io.llmrelay.worker.provider.RateLimitHints;
import io.llmrelay.worker.provider.Target;
import io.llmrelay.worker.provider.TestCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI adapter, and the shared call around every adapter, against the mock provider over HTTP. */
class OpenAiChatProviderIT {

    private final AdapterFixture fixture = new AdapterFixture();
    private MockProvider mock;

    @BeforeEach
    void start() {
        mock = MockProvider.start(MockBehaviour.healthy().withRequiredApiKey("sk-current"));
    }

    @AfterEach
    void stop() {
        mock.close();
        fixture.close();
    }

    private OpenAiChatProvider provider(TestCredentials credentials) {
        return new OpenAiChatProvider("vllm", mock.baseUrl(), null, fixture.call("vllm", mock.baseUrl(), credentials),
                new OpenAiRequestBody(AdapterFixture.JSON), new OpenAiAnswer(AdapterFixture.JSON));
    }

    private AttemptResult complete(TestCredentials credentials, String userContent) throws InterruptedException {
        return provider(credentials).complete(request(userContent).build(), "gpt-4o-mini", deadline());
    }

    @Test
    void answersWithTheTargetsModelAndTheUsageAndReportsTheRateLimitHeaders() throws InterruptedException {
        AttemptResult result = complete(TestCredentials.apiKeys("sk-current"), "Hello there, how are you?");

        assertThat(result).isInstanceOf(Answered.class);
        AttemptResult.Completion completion = ((Answered) result).completion();
        assertThat(completion.model()).isEqualTo("gpt-4o-mini"); // the mock echoes the model it was sent
        assertThat(completion.content()).isEqualTo("Mock reply to: Hello there, how are you?");
        assertThat(completion.finishReason()).isEqualTo("stop");
        assertThat(completion.usage()).isEqualTo(new TokenUsage(17, 10, 0));
        assertThat(result.stats().requestBytes()).isPositive();
        assertThat(result.stats().responseBytes()).isPositive();
        assertThat(mock.authorizationHeaders()).containsExactly("Bearer sk-current");
        assertThat(fixture.signals.last().target()).isEqualTo(new Target("vllm", "gpt-4o-mini"));
        RateLimitHints hints = fixture.signals.last().hints();
        assertThat(hints.remainingRequests()).hasValue(9_999);
        assertThat(hints.remainingTokens()).hasValue(2_000_000 - 17);
        assertThat(hints.requestsReset()).hasValue(Duration.ofMillis(6));
        assertThat(hints.retryAfter()).isEmpty();
    }

    @Test
    void aRateLimitCarriesTheWaitAndIsReportedAsAHint() throws InterruptedException {
        ProviderFailure failure = failure(complete(TestCredentials.apiKeys("sk-current"),
                "x [mock:status=429][mock:retry-after=1500]"));

        assertThat(failure).isInstanceOf(RateLimited.class);
        assertThat(failure.retryAfter()).hasValue(Duration.ofMillis(1500));
        assertThat(fixture.signals.last().hints().remainingRequests()).hasValue(0);
        assertThat(fixture.signals.last().hints().retryAfter()).hasValue(Duration.ofMillis(1500));
    }

    @Test
    void serverErrorsCallerErrorsAndBrokenAnswersAreClassified() throws InterruptedException {
        TestCredentials credentials = TestCredentials.apiKeys("sk-current");
        ProviderFailure serverError = failure(complete(credentials, "x [mock:status=503]"));
        assertThat(serverError).isInstanceOf(ServerError.class);
        assertThat(serverError.retryable()).isTrue();

        ProviderFailure callerError = failure(complete(credentials, "x [mock:status=404]"));
        assertThat(callerError).isInstanceOf(CallerError.class);
        assertThat(callerError.code()).isEqualTo("model_not_found");
        assertThat(callerError.retryable()).isFalse();

        assertThat(failure(complete(credentials, "x [mock:malformed]"))).isInstanceOf(InvalidResponse.class);
    }

    @Test
    void aRejectedKeyIsReplacedOnceByTheRotatedOne() throws InterruptedException {
        TestCredentials credentials = TestCredentials.apiKeys("sk-revoked", "sk-current");

        AttemptResult result = complete(credentials, "Hello there, how are you?");

        assertThat(result).isInstanceOf(Answered.class);
        assertThat(mock.requestCount()).isEqualTo(2);
        assertThat(mock.authorizationHeaders()).containsExactly("Bearer sk-revoked", "Bearer sk-current");
        assertThat(credentials.rejectedSoFar()).extracting(c -> c.name()).containsExactly("test/key-1");
    }

    @Test
    void aRejectedKeyWithoutAReplacementFailsNamingTheCredentialButNeverItsValue() throws InterruptedException {
        TestCredentials credentials = TestCredentials.apiKeys("sk-revoked-0123456789");

        ProviderFailure failure = failure(complete(credentials, "hi"));

        assertThat(failure).isInstanceOf(CredentialRejected.class);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).hasValue(401);
        assertThat(failure.message()).contains("test/key-1").contains("fingerprint")
                .contains("no other credential").doesNotContain("sk-revoked-0123456789");
        assertThat(mock.requestCount()).isEqualTo(1);
    }

    @Test
    void bothKeysRejectedIsOneRetryOnly() throws InterruptedException {
        TestCredentials credentials = TestCredentials.apiKeys("sk-old-1", "sk-old-2", "sk-current");

        ProviderFailure failure = failure(complete(credentials, "hi"));

        assertThat(failure).isInstanceOf(CredentialRejected.class);
        assertThat(failure.message()).contains("test/key-2").contains("retried once after test/key-1");
        assertThat(mock.requestCount()).isEqualTo(2);
        assertThat(credentials.rejectedSoFar()).extracting(c -> c.name()).containsExactly("test/key-1", "test/key-2");
    }

    @Test
    void withoutACredentialTheProviderIsNotCalled() throws InterruptedException {
        ProviderFailure failure = failure(complete(TestCredentials.none(), "hi"));

        assertThat(failure).isInstanceOf(CredentialUnavailable.class);
        assertThat(failure.code()).isEqualTo("provider_credential_unavailable");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.reachedProvider()).isFalse();
        assertThat(failure.message()).startsWith("provider 'vllm' was not called: no usable credential");
        assertThat(mock.requestCount()).isZero();
    }

    @Test
    void aProviderThatIsNotListeningWasNotReachedAndReportsNoHints() throws InterruptedException {
        OpenAiChatProvider provider = provider(TestCredentials.apiKeys("sk-current"));
        mock.close();

        ProviderFailure failure = failure(provider.complete(request("hi").build(), "gpt-4o-mini", deadline()));

        assertThat(failure).isInstanceOf(ProviderFailure.ConnectionFailed.class);
        assertThat(failure.reachedProvider()).isFalse();
        assertThat(failure.retryable()).isTrue();
        assertThat(fixture.signals.all()).isEmpty();
    }

    static ProviderFailure failure(AttemptResult result) {
        assertThat(result).isInstanceOf(Failed.class);
        return ((Failed) result).failure();
    }
}
