package io.llmrelay.worker.provider.azure;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.credentials.Credential;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.provider.OpenAiRateLimitHeaders;
import io.llmrelay.worker.provider.ParsedAnswer;
import io.llmrelay.worker.provider.ProbeResult;
import io.llmrelay.worker.provider.ProviderCall;
import io.llmrelay.worker.provider.ProvidersSettings;
import io.llmrelay.worker.provider.RateLimitHints;
import io.llmrelay.worker.provider.openai.OpenAiAnswer;
import io.llmrelay.worker.provider.openai.OpenAiRequestBody;

/**
 * An Azure OpenAI resource: {@code POST {base-url}/openai/deployments/{deployment}/chat/completions?api-version=...}
 * with OpenAI's body and answer. The deployment, not the body's {@code model}, decides the model, so each target
 * model is mapped to its deployment ({@code relay.providers.<id>.deployments}). An API key goes as {@code api-key};
 * an Entra ID token as {@code Authorization: Bearer}. Azure's errors ({@code {"error":{"code":"429",...}}}, the
 * content filter's 400 {@code content_filter}) and its {@code retry-after}/{@code retry-after-ms} and
 * {@code x-ratelimit-remaining-*} headers are close enough to OpenAI's to be read the same way.
 */
public final class AzureOpenAiChatProvider implements ChatProvider {

    private final String id;
    private final String base;
    private final ProvidersSettings.Provider settings;
    private final ProviderCall call;
    private final OpenAiRequestBody requestBody;
    private final OpenAiAnswer answer;

    public AzureOpenAiChatProvider(String id, ProvidersSettings.Provider settings, ProviderCall call,
                                   OpenAiRequestBody requestBody, OpenAiAnswer answer) {
        String url = settings.baseUrl().toString();
        this.id = id;
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.settings = settings;
        this.call = call;
        this.requestBody = requestBody;
        this.answer = answer;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AttemptResult complete(CompletionRequest request, String model, Instant deadline)
            throws InterruptedException {
        return call.send(requestBody.write(request, model), model, deadline, new Deployment(endpoint(model)));
    }

    /**
     * {@code GET {base-url}/openai/models?api-version=...}: the resource's model list, with the same authentication
     * as a completion; it names no deployment, so it works whatever the targets are.
     */
    @Override
    public ProbeResult probe(Duration timeout) throws InterruptedException {
        return call.probe(modelsEndpoint(), timeout, new Deployment(modelsEndpoint()));
    }

    URI modelsEndpoint() {
        return URI.create(base + "/openai/models?api-version=" + encode(settings.apiVersion()));
    }

    /** {@code {base-url}/openai/deployments/{deployment}/chat/completions?api-version=...} */
    URI endpoint(String model) {
        return URI.create(base + "/openai/deployments/" + encode(settings.deployment(model))
                + "/chat/completions?api-version=" + encode(settings.apiVersion()));
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One call's wire: the endpoint depends on the target model. */
    private final class Deployment implements ProviderCall.Wire {

        private final URI endpoint;

        Deployment(URI endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public HttpRequest.Builder request(Credential credential) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint);
            return credential.type() == Credential.Type.BEARER_TOKEN
                    ? builder.header("Authorization", "Bearer " + credential.secret().reveal())
                    : builder.header("api-key", credential.secret().reveal());
        }

        @Override
        public RateLimitHints hints(HttpHeaders headers, Instant now) {
            return OpenAiRateLimitHeaders.parse(headers, now);
        }

        @Override
        public ParsedAnswer parse(byte[] body) {
            return answer.parse(body);
        }
    }
}
