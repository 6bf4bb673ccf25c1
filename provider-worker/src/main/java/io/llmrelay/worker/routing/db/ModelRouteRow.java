package io.llmrelay.worker.routing.db;

/** One row of {@code model_routes}, as read: nothing is checked yet ({@link DatabaseRouting#map} does that). */
public record ModelRouteRow(String alias, int position, String providerName, String model, int weight,
                            String strategy) {
}
