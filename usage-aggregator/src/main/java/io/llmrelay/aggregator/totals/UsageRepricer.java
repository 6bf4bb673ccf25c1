package io.llmrelay.aggregator.totals;

import java.util.Optional;
import java.util.function.Supplier;

import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.cost.PriceOverride;
import io.llmrelay.schemas.cost.PriceOverrides;
import org.apache.kafka.streams.kstream.ValueMapper;

/**
 * Recomputes a usage event's cost with the {@code model_prices} row in force on its {@code occurred_at} (UTC) day,
 * the way the worker prices an attempt ({@link io.llmrelay.schemas.cost.TokenRates}, rounded up once per attempt),
 * so that replaying {@code llm.usage} after a price correction rebuilds the totals at the corrected price. An event
 * no row covers keeps the cost the worker billed with the price it records, so without overrides nothing changes.
 *
 * <p>The rows come from an in-memory snapshot refreshed in the background: a Streams task never waits on the
 * database.
 */
final class UsageRepricer implements ValueMapper<UsageEvent, UsageEvent> {

    private final Supplier<PriceOverrides> prices;

    UsageRepricer(Supplier<PriceOverrides> prices) {
        this.prices = prices;
    }

    @Override
    public UsageEvent apply(UsageEvent event) {
        if (event == null) {
            return null;
        }
        Optional<PriceOverride> price = prices.get().find(event.getProvider(), event.getModel(), event.getOccurredAt());
        if (price.isEmpty()) {
            return event;
        }
        return UsageEvent.newBuilder(event)
                .setCostMicros(price.get().rates().costMicros(event.getUsage()))
                .setPriced(true)
                .setPrice(price.get().toAvro())
                .build();
    }
}
