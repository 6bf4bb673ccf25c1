package io.llmrelay.worker.provider;

import static io.llmrelay.worker.provider.RetryAfterHeadersTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.net.ssl.SSLHandshakeException;

import io.llmrelay.worker.provider.ProviderFailure.CallerError;
import io.llmrelay.worker.provider.ProviderFailure.ConnectionFailed;
import io.llmrelay.worker.provider.ProviderFailure.CredentialRejected;
import io.llmrelay.worker.provider.ProviderFailure.InvalidResponse;
import io.llmrelay.worker.provider.ProviderFailure.RateLimited;
import io.llmrelay.worker.provider.ProviderFailure.ServerError;
import io.llmrelay.worker.provider.ProviderFailure.Timeout;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HttpFailureClassifierTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private final HttpFailureClassifier classifier = new HttpFailureClassifier("openai",
            URI.create("https://api.openai.com"), Secret.of(KEY), JsonMapper.builder().build(),
            Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void a429IsRateLimitedWithTheWaitTheProviderAskedFor() {
        ProviderFailure failure = classifier.fromAnswer(429, headers("retry-after-ms", "750"),
                error("Rate limit reached for gpt-4o-mini", "rate_limit_exceeded"));

        assertThat(failure).isInstanceOf(RateLimited.class);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).hasValue(Duration.ofMillis(750));
        assertThat(failure.httpStatus()).hasValue(429);
        assertThat(failure.message()).contains("Rate limit reached for gpt-4o-mini").contains("750 ms");
    }

    @Test
    void a429ForAnExhaustedQuotaIsNotRetried() {
        ProviderFailure failure = classifier.fromAnswer(429, headers(), error("You exceeded your current quota",
                "insufficient_quota"));

        assertThat(failure).isInstanceOf(CallerError.class);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.code()).isEqualTo("insufficient_quota");
    }

    @Test
    void serverErrorsAreRetryable() {
        for (int status : new int[] {500, 502, 503, 504}) {
            ProviderFailure failure = classifier.fromAnswer(status, headers(), error("The server had an error", null));
            assertThat(failure).isInstanceOf(ServerError.class);
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.code()).isEqualTo("provider_error");
        }
    }

    @Test
    void rejectedCredentialsAreNotRetriedAndTheKeyNeverAppears() {
        byte[] body = error("Incorrect API key provided: " + KEY + ". Or sk-proj-****cdef.", "invalid_api_key");
        for (int status : new int[] {401, 403}) {
            ProviderFailure failure = classifier.fromAnswer(status, headers(), body);
            assertThat(failure).isInstanceOf(CredentialRejected.class);
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.message()).doesNotContain(KEY).doesNotContain("****cdef").contains("Incorrect API key");
        }
    }

    @Test
    void otherClientErrorsCarryTheProvidersMessageAndCode() {
        ProviderFailure failure = classifier.fromAnswer(400, headers(),
                error("Invalid value for 'temperature'", "invalid_value"));

        assertThat(failure).isEqualTo(new CallerError("openai", 400,
                "provider 'openai' refused the request (400): Invalid value for 'temperature'", "invalid_value"));
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    void aNonJsonErrorBodyIsQuotedShortAndOnOneLine() {
        String page = "<html>\n<body>" + "Bad gateway ".repeat(100) + "</body></html>";

        ProviderFailure failure = classifier.fromAnswer(502, headers(), page.getBytes(StandardCharsets.UTF_8));

        assertThat(failure.message()).startsWith("provider 'openai' failed (502): <html> <body>Bad gateway")
                .doesNotContain("\n").hasSizeLessThan(HttpFailureClassifier.MAX_DETAIL_CHARS + 50);
    }

    @Test
    void exceptionsBecomeTimeoutsOrConnectionFailures() {
        assertThat(classifier.fromException(new HttpTimeoutException("request timed out"), Duration.ofSeconds(30)))
                .isEqualTo(new Timeout("openai", "provider 'openai' did not answer within 30000 ms"));
        ProviderFailure connect = classifier.fromException(new HttpConnectTimeoutException("connect timed out"),
                Duration.ofSeconds(30));
        assertThat(connect).isInstanceOf(ConnectionFailed.class);
        assertThat(connect.reachedProvider()).isFalse();
        assertThat(classifier.fromException(new ConnectException("Connection refused"), Duration.ofSeconds(30)).message())
                .isEqualTo("cannot reach provider 'openai' at https://api.openai.com: ConnectException Connection refused");
        assertThat(classifier.fromException(new IOException("closed"), Duration.ofSeconds(1)))
                .isInstanceOf(ConnectionFailed.class);
    }

    @Test
    void aConnectionThatWasNeverMadeReachedNothing() {
        for (IOException error : new IOException[] {new ConnectException("Connection refused"),
                new HttpConnectTimeoutException("connect timed out"), new UnknownHostException("api.example"),
                new SSLHandshakeException("PKIX path building failed")}) {
            ProviderFailure failure = classifier.fromException(error, Duration.ofSeconds(30));
            assertThat(failure).as(error.toString()).isInstanceOf(ConnectionFailed.class);
            assertThat(failure.reachedProvider()).as(error.toString()).isFalse();
        }
    }

    @Test
    void aConnectionThatBrokeOnceOpenMayHaveDeliveredTheRequest() {
        for (IOException error : new IOException[] {new IOException("HTTP/1.1 header parser received no bytes"),
                new EOFException("EOF reached while reading"), new SocketException("Connection reset")}) {
            ProviderFailure failure = classifier.fromException(error, Duration.ofSeconds(30));
            assertThat(failure).as(error.toString()).isInstanceOf(ConnectionFailed.class);
            assertThat(failure.reachedProvider()).as(error.toString()).isTrue();
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.code()).isEqualTo("provider_unreachable");
            assertThat(failure.message()).contains("after the request may have been sent");
        }
    }

    @Test
    void anUnusableSuccessIsAnInvalidResponse() {
        ProviderFailure failure = classifier.invalidAnswer(200, "not JSON");

        assertThat(failure).isInstanceOf(InvalidResponse.class);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.code()).isEqualTo("invalid_provider_response");
    }

    private static byte[] error(String message, String code) {
        String codeJson = code == null ? "null" : "\"" + code + "\"";
        return ("{\"error\":{\"message\":\"" + message + "\",\"type\":\"some_type\",\"param\":null,\"code\":" + codeJson
                + "}}").getBytes(StandardCharsets.UTF_8);
    }
}
