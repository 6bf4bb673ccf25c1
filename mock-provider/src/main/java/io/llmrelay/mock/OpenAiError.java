package io.llmrelay.mock;

/**
 * An error answer in OpenAI's shape: {@code {"error":{"message","type","param","code"}}} with the
 * HTTP status it travels with. Messages follow OpenAI's wording closely enough that a client's
 * error classification is exercised, but never repeat a credential.
 */
record OpenAiError(int status, String message, String type, String param, String code) {

    static final String CONTENT_FILTER = "content_filter";

    static OpenAiError missingApiKey() {
        return new OpenAiError(401, "You didn't provide an API key. You need to provide your API key in an"
                + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_request_error", null, "invalid_api_key");
    }

    static OpenAiError incorrectApiKey() {
        return new OpenAiError(401, "Incorrect API key provided. You can find your API key at"
                + " https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key");
    }

    static OpenAiError unparseableJson() {
        return new OpenAiError(400, "We could not parse the JSON body of your request. (HINT: This likely means"
                + " you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was"
                + " sent was not valid JSON.)", "invalid_request_error", null, null);
    }

    static OpenAiError invalidRequest(String message, String param, String code) {
        return new OpenAiError(400, message, "invalid_request_error", param, code);
    }

    /** The prompt tripped the content filter (Azure OpenAI answers these 400s; the shape is Azure's there). */
    static OpenAiError contentFilter() {
        return new OpenAiError(400, "The response was filtered due to the prompt triggering Azure OpenAI's content"
                + " management policy. Please modify your prompt and retry.", "invalid_request_error", "prompt",
                CONTENT_FILTER);
    }

    static OpenAiError serverError() {
        return new OpenAiError(500, "The server had an error while processing your request. Sorry about that!",
                "server_error", null, null);
    }

    static OpenAiError rateLimited() {
        return new OpenAiError(429, "Rate limit reached for requests. Please try again later.",
                "requests", null, "rate_limit_exceeded");
    }

    static OpenAiError notFound(String method, String path) {
        return new OpenAiError(404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null);
    }

    static OpenAiError methodNotAllowed(String method, String path) {
        return new OpenAiError(405, "Method " + method + " is not allowed for " + path, "invalid_request_error",
                null, null);
    }

    /** The error a {@code [mock:status=N]} directive asks for. */
    static OpenAiError forStatus(int status) {
        return switch (status) {
            case 400 -> invalidRequest("Invalid request (requested by a mock directive).", null, null);
            case 401 -> incorrectApiKey();
            case 404 -> new OpenAiError(404, "The model does not exist or you do not have access to it.",
                    "invalid_request_error", "model", "model_not_found");
            case 429 -> rateLimited();
            case 500 -> serverError();
            default -> status >= 500
                    ? new OpenAiError(status, "The server is currently unable to handle the request (status "
                            + status + ", requested by a mock directive).", "server_error", null, null)
                    : new OpenAiError(status, "Request rejected with status " + status
                            + " (requested by a mock directive).", "invalid_request_error", null, null);
        };
    }
}
