package io.llmrelay.worker.cost;

import io.llmrelay.schemas.Price;

/**
 * The cost of one attempt.
 *
 * @param micros micro-USD; 0 when unpriced
 * @param priced false when no price is known for the model: the usage is recorded but not billed
 * @param price  the price applied; null when unpriced
 */
public record Cost(long micros, boolean priced, ModelPrice price) {

    static Cost unpriced() {
        return new Cost(0, false, null);
    }

    public Price priceAvro() {
        return price == null ? null : price.toAvro();
    }
}
