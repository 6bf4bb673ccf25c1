package io.llmrelay.worker.cost;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.llmrelay.schemas.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices attempts. A model without a price is never billed as zero in silence: its attempts come out
 * {@code priced=false}, are counted per model, and the first one of each model is logged as a warning.
 */
public final class Pricing {

    private static final Logger log = LoggerFactory.getLogger(Pricing.class);

    private final PriceTable table;
    private final Map<String, LongAdder> unpricedByModel = new ConcurrentHashMap<>();

    public Pricing(PriceTable table) {
        this.table = table;
    }

    public Cost cost(String provider, String model, TokenUsage usage) {
        return table.find(provider, model)
                .map(price -> new Cost(price.costMicros(usage), true, price))
                .orElseGet(() -> unpriced(provider, model));
    }

    /** Metric labels for the models of this price table. */
    public ModelLabels modelLabels() {
        return new ModelLabels(table);
    }

    /** Attempts priced as unknown since start, all models together. */
    public long unpricedCount() {
        return unpricedByModel.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private Cost unpriced(String provider, String model) {
        String key = provider + "/" + model;
        unpricedByModel.computeIfAbsent(key, k -> {
            log.warn("no price for model '{}' of provider '{}': its usage is recorded with priced=false and cost 0;"
                    + " add it to the price file (relay.worker.price-file)", model, provider);
            return new LongAdder();
        }).increment();
        return Cost.unpriced();
    }
}
