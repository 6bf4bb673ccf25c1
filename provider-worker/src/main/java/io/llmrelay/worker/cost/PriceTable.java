package io.llmrelay.worker.cost;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Prices by provider and model, as loaded from a price file. Immutable. */
public final class PriceTable {

    /** OpenAI answers with dated snapshots ({@code gpt-4o-mini-2024-07-18}) of the model that was asked for. */
    private static final Pattern DATED_SNAPSHOT = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");

    private final Map<String, ModelPrice> byKey;

    public static PriceTable of(List<ModelPrice> prices) {
        return new PriceTable(prices);
    }

    private PriceTable(List<ModelPrice> prices) {
        Map<String, ModelPrice> map = new HashMap<>();
        for (ModelPrice price : prices) {
            if (map.putIfAbsent(key(price.provider(), price.model()), price) != null) {
                throw new IllegalArgumentException("model '" + price.model() + "' of provider '" + price.provider()
                        + "' is priced twice");
            }
        }
        this.byKey = Map.copyOf(map);
    }

    /** The price of {@code model}, or of the model it is a dated snapshot of. */
    public Optional<ModelPrice> find(String provider, String model) {
        if (model == null) {
            return Optional.empty();
        }
        ModelPrice exact = byKey.get(key(provider, model));
        if (exact != null) {
            return Optional.of(exact);
        }
        return Optional.ofNullable(byKey.get(key(provider, DATED_SNAPSHOT.matcher(model).replaceFirst(""))));
    }

    public int size() {
        return byKey.size();
    }

    private static String key(String provider, String model) {
        return provider + '\u0000' + model;
    }
}
