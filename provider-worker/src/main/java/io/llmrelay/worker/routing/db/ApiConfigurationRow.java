package io.llmrelay.worker.routing.db;

/**
 * One enabled row of {@code api_configurations}, as read: nothing is checked yet ({@link DatabaseRouting#map} does
 * that, naming the row).
 *
 * @param kind null when the row leaves it to be inferred from the endpoint
 */
public record ApiConfigurationRow(String providerName, String kind, String endpointUrl, String apiKeySecretName,
                                  int rateLimitPerMinute, int timeoutSeconds, boolean circuitBreakerEnabled) {
}
