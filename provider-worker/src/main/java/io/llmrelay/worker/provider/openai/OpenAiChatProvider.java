package io.llmrelay.worker.provider.openai;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
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
import io.llmrelay.worker.provider.RateLimitHints;

/**
 * {@code POST {base-url}/v1/chat/completions} at OpenAI or any OpenAI-compatible server (vLLM, Ollama, Groq...).
 * Every credential goes as {@code Authorization: Bearer}; OpenAI also gets {@code OpenAI-Organization} when one is
 * configured.
 */
public final class OpenAiChatProvider implements ChatProvider {

    static final String PATH = "/v1/chat/completions";
    static final String MODELS_PATH = "/v1/models";

    private final String id;
    private final URI endpoint;
    private final URI models;
    private final String organization;
    private final ProviderCall call;
    private final OpenAiRequestBody requestBody;
    private final OpenAiAnswer answer;
    private final ProviderCall.Wire wire = new Wire();

    /** @param organization sent as {@code OpenAI-Organization}; null for none */
    public OpenAiChatProvider(String id, URI baseUrl, String organization, ProviderCall call,
                              OpenAiRequestBody requestBody, OpenAiAnswer answer) {
        this.id = id;
        this.endpoint = endpoint(baseUrl);
        this.models = URI.create(trimmed(baseUrl) + MODELS_PATH);
        this.organization = organization;
        this.call = call;
        this.requestBody = requestBody;
        this.answer = answer;
    }

    static URI endpoint(URI baseUrl) {
        return URI.create(trimmed(baseUrl) + PATH);
    }

    private static String trimmed(URI baseUrl) {
        String base = baseUrl.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
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

    /** {@code GET {base-url}/v1/models}, which OpenAI and most compatible servers answer with the key checked. */
    @Override
    public ProbeResult probe(Duration timeout) throws InterruptedException {
        return call.probe(models, timeout, wire);
    }

    private final class Wire implements ProviderCall.Wire {

        @Override
        public HttpRequest.Builder request(Credential credential) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                    .header("Authorization", "Bearer " + credential.secret().reveal());
            if (organization != null) {
                builder.header("OpenAI-Organization", organization);
            }
            return builder;
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
