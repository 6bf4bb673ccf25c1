package io.llmrelay.mock;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;

/**
 * One provider API the mock speaks for chat: how a request authenticates, what its body looks like, and the
 * shapes of answers and errors. {@link ChatCompletionsHandler} does the rest (counting, directives, latency,
 * outcome) the same for every API. Errors are decided in OpenAI's terms ({@link OpenAiError}) and rendered
 * here in the API's own shape.
 */
interface ChatApi {

    /** The value of the header that carries the credential, for {@link MockProvider#authorizationHeaders()}. */
    String credential(HttpExchange exchange);

    /** Checks the credential, required headers and query parameters; the error to answer at once, or empty. */
    Optional<OpenAiError> check(HttpExchange exchange, MockBehaviour behaviour);

    ChatRequest parse(byte[] body, HttpExchange exchange) throws RejectedRequest;

    /** Prefix of generated completion ids: {@code chatcmpl-} for OpenAI, {@code msg_} for Anthropic. */
    String idPrefix();

    byte[] completion(MockCompletion completion);

    byte[] error(OpenAiError error);

    /** Headers of a 429: how long to wait and which limit ran out. */
    Map<String, String> rateLimitedHeaders(Duration retryAfter);

    /** Rate-limit headers of a successful answer: the limits are far from reached. */
    Map<String, String> answerHeaders(MockCompletion completion);

    /** Whether {@code "stream": true} is answered with Server-Sent Events (otherwise refused at parse). */
    boolean streams();
}
