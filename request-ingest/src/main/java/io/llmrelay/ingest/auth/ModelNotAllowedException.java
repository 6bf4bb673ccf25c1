package io.llmrelay.ingest.auth;

/**
 * The caller's key is valid but restricted to other models. Answered 403 {@code model_not_allowed} (not OpenAI's 404
 * {@code model_not_found}: the model exists, this key may not use it, and saying so saves the caller a search).
 */
public final class ModelNotAllowedException extends RuntimeException {

    private final String model;

    ModelNotAllowedException(String keyId, String model) {
        super("relay key " + keyId + " may not use model '" + model + "'", null, false, false);
        this.model = model;
    }

    String model() {
        return model;
    }
}
