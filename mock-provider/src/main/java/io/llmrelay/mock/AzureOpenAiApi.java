package io.llmrelay.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Azure OpenAI resource: {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...},
 * authenticated by an {@code api-key} header or an Entra ID {@code Authorization: Bearer} token. Bodies and
 * answers are OpenAI's (the body's {@code model} is optional and ignored: the deployment decides, and the
 * answer's {@code model} is the deployment name); errors are Azure's
 * {@code {"error":{"code","message"}}}, with the content filter's 400 carrying {@code innererror}; a 429 has
 * {@code retry-after}, {@code retry-after-ms} and {@code x-ratelimit-remaining-*}.
 */
final class AzureOpenAiApi implements ChatApi {

    static final String PREFIX = "/openai/deployments/";
    static final Pattern PATH = Pattern.compile("/openai/deployments/([^/]+)/chat/completions");
    private static final Pattern API_VERSION = Pattern.compile("(?:^|&)api-version=([^&]+)");

    private final JsonMapper mapper;
    private final OpenAiJson openAi;

    AzureOpenAiApi(JsonMapper mapper) {
        this.mapper = mapper;
        this.openAi = new OpenAiJson(mapper);
    }

    @Override
    public String credential(HttpExchange exchange) {
        String apiKey = exchange.getRequestHeaders().getFirst("api-key");
        return apiKey != null ? apiKey : exchange.getRequestHeaders().getFirst("Authorization");
    }

    @Override
    public Optional<OpenAiError> check(HttpExchange exchange, MockBehaviour behaviour) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || !API_VERSION.matcher(query).find()) {
            return Optional.of(new OpenAiError(404, "Resource not found", null, null, "404"));
        }
        String apiKey = exchange.getRequestHeaders().getFirst("api-key");
        String given = apiKey;
        if (given == null) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            given = authorization != null && authorization.regionMatches(true, 0, "bearer ", 0, 7)
                    ? authorization.substring(7).strip() : null;
        }
        if (given == null || given.isEmpty() || (behaviour.requiredApiKey() != null && !MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8), behaviour.requiredApiKey().getBytes(StandardCharsets.UTF_8)))) {
            return Optional.of(new OpenAiError(401, "Access denied due to invalid subscription key or wrong API"
                    + " endpoint. Make sure to provide a valid key for an active subscription and use a correct"
                    + " regional API endpoint for your resource.", null, null, "401"));
        }
        return Optional.empty();
    }

    @Override
    public ChatRequest parse(byte[] body, HttpExchange exchange) throws RejectedRequest {
        Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
        if (!path.matches()) {
            throw new RejectedRequest(new OpenAiError(404, "Resource not found", null, null, "404"));
        }
        ChatRequest request = ChatRequest.parse(body, mapper, path.group(1));
        // the deployment decides the model, whatever the body says; answers name it, so a test sees which was used
        return new ChatRequest(path.group(1), request.messages(), request.maxTokens(), request.stream(),
                request.includeUsage());
    }

    @Override
    public String idPrefix() {
        return "chatcmpl-";
    }

    @Override
    public byte[] completion(MockCompletion completion) {
        return openAi.completion(completion);
    }

    /** {@code code} is Azure's: the HTTP status as a string unless a more specific code applies. */
    @Override
    public byte[] error(OpenAiError error) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode body = root.putObject("error");
        body.put("code", code(error));
        body.put("message", message(error));
        if (OpenAiError.CONTENT_FILTER.equals(error.code())) {
            body.put("param", "prompt");
            body.put("status", error.status());
            ObjectNode inner = body.putObject("innererror");
            inner.put("code", "ResponsibleAIPolicyViolation");
            ObjectNode hate = inner.putObject("content_filter_result").putObject("hate");
            hate.put("filtered", true);
            hate.put("severity", "high");
        }
        return mapper.writeValueAsBytes(root);
    }

    private static String message(OpenAiError error) {
        if ("model_not_found".equals(error.code())) {
            return "The API deployment for this resource does not exist. If you created the deployment within the"
                    + " last 5 minutes, please wait a moment and try again.";
        }
        if (error.status() == 429) {
            return "Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded call rate"
                    + " limit of your current OpenAI S0 pricing tier. Please retry after the time the retry-after"
                    + " header gives.";
        }
        return error.message();
    }

    private static String code(OpenAiError error) {
        if ("model_not_found".equals(error.code())) {
            return "DeploymentNotFound";
        }
        return error.status() == 429 || error.code() == null ? Integer.toString(error.status()) : error.code();
    }

    @Override
    public Map<String, String> rateLimitedHeaders(Duration retryAfter) {
        long millis = retryAfter.toMillis();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("retry-after", Long.toString((millis + 999) / 1000));
        headers.put("retry-after-ms", Long.toString(millis));
        headers.put("x-ratelimit-remaining-requests", "0");
        headers.put("x-ratelimit-remaining-tokens", "0");
        return headers;
    }

    /** Azure sends the remaining counts only, no reset times. */
    @Override
    public Map<String, String> answerHeaders(MockCompletion completion) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-remaining-requests", Long.toString(OpenAiApi.REQUEST_LIMIT - 1));
        headers.put("x-ratelimit-remaining-tokens", Long.toString(OpenAiApi.TOKEN_LIMIT - completion.promptTokens()));
        return headers;
    }

    @Override
    public boolean streams() {
        return true;
    }
}
