package io.llmrelay.worker.cost;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.cost.PriceOverrides;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices attempts: by the {@code model_prices} override in force today when the worker has a database, else by
 * the price file. A model without a price is never billed as zero in silence: its attempts come out
 * {@code priced=false}, are counted per model, and the first one of each model is logged as a warning.
 */
public final class Pricing {

    private static final Logger log = LoggerFactory.getLogger(Pricing.class);

    private final PriceTable table;
    private final Supplier<PriceOverrides> overrides;
    private final Clock clock;
    private final Map<String, LongAdder> unpricedByModel = new ConcurrentHashMap<>();

    /** The price file alone (no database). */
    public Pricing(PriceTable table) {
        this(table, PriceOverrides::none, Clock.systemUTC());
    }

    /**
     * @param overrides the latest snapshot of the {@code model_prices} table, kept up to date in the background: it
     *                  is read on every call, so it must never touch the database itself
     * @param clock     today's (UTC) date picks the override in force
     */
    public Pricing(PriceTable table, Supplier<PriceOverrides> overrides, Clock clock) {
        this.table = table;
        this.overrides = overrides;
        this.clock = clock;
    }

    public Cost cost(String provider, String model, TokenUsage usage) {
        return price(provider, model)
                .map(price -> new Cost(price.costMicros(usage), true, price))
                .orElseGet(() -> unpriced(provider, model));
    }

    /**
     * The price of a model today: a database override in force, else the price file's. Also for estimates made
     * before a call (budget reservations); not counted as unpriced usage.
     */
    public Optional<ModelPrice> price(String provider, String model) {
        Optional<ModelPrice> override = overrides.get().find(provider, model, clock.instant()).map(ModelPrice::of);
        return override.isPresent() ? override : table.find(provider, model);
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
                    + " add it to the price file (relay.worker.price-file) or the model_prices table", model, provider);
            return new LongAdder();
        }).increment();
        return Cost.unpriced();
    }
}
