package io.llmrelay.worker.provider.anthropic;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.credentials.Credential;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.provider.ParsedAnswer;
import io.llmrelay.worker.provider.ProbeResult;
import io.llmrelay.worker.provider.ProviderCall;
import io.llmrelay.worker.provider.ProvidersSettings;
import io.llmrelay.worker.provider.RateLimitHints;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anthropic's Messages API: {@code POST {base-url}/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version}. A bearer-token credential goes as {@code Authorization: Bearer} instead. Errors
 * ({@code {"type":"error","error":{"type","message"}}}) are classified like every provider's: 429
 * {@code rate_limit_error} is rate limited, 529 {@code overloaded_error} and 500 {@code api_error} are retryable
 * server errors, 401/403 a rejected credential, other 4xx the caller's error with Anthropic's type as its code.
 */
public final class AnthropicChatProvider implements ChatProvider {

    static final String PATH = "/v1/messages";
    static final String MODELS_PATH = "/v1/models";

    private final String id;
    private final URI endpoint;
    private final URI models;
    private final String anthropicVersion;
    private final ProviderCall call;
    private final AnthropicRequestBody requestBody;
    private final ProviderCall.Wire wire = new Wire();
    private final AnthropicAnswer answer;

    public AnthropicChatProvider(String id, ProvidersSettings.Provider settings, ProviderCall call, JsonMapper json) {
        String base = settings.baseUrl().toString();
        this.id = id;
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.endpoint = URI.create(trimmed + PATH);
        this.models = URI.create(trimmed + MODELS_PATH);
        this.anthropicVersion = settings.anthropicVersion();
        this.call = call;
        this.requestBody = new AnthropicRequestBody(json, settings.defaultMaxTokens());
        this.answer = new AnthropicAnswer(json);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AttemptResult complete(CompletionRequest request, String model, Instant deadline)
            throws InterruptedException {
        return call.send(requestBody.write(request, model), model, deadline, wire);
    }

    /** {@code GET {base-url}/v1/models} with the same authentication headers as a message. */
    @Override
    public ProbeResult probe(Duration timeout) throws InterruptedException {
        return call.probe(models, timeout, wire);
    }

    private final class Wire implements ProviderCall.Wire {

        @Override
        public HttpRequest.Builder request(Credential credential) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).header("anthropic-version", anthropicVersion);
            return credential.type() == Credential.Type.BEARER_TOKEN
                    ? builder.header("Authorization", "Bearer " + credential.secret().reveal())
                    : builder.header("x-api-key", credential.secret().reveal());
        }

        @Override
        public RateLimitHints hints(HttpHeaders headers, Instant now) {
            return AnthropicRateLimitHeaders.parse(headers, now);
        }

        @Override
        public ParsedAnswer parse(byte[] body) {
            return answer.parse(body);
        }
    }
}
