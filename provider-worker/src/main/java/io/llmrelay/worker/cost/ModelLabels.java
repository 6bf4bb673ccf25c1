package io.llmrelay.worker.cost;

/**
 * The model names metrics may carry: those of the price table, and {@code other} for everything else. A model is
 * whatever a caller or a provider wrote, so taken as it is it would make one series per typo; a dated snapshot
 * ({@code gpt-4o-mini-2024-07-18}) counts as the model it is a snapshot of, as it does for its price.
 */
public final class ModelLabels {

    public static final String OTHER = "other";

    private final PriceTable prices;

    public ModelLabels(PriceTable prices) {
        this.prices = prices;
    }

    public String of(String provider, String model) {
        return prices.find(provider, model).map(ModelPrice::model).orElse(OTHER);
    }
}
