package io.llmrelay.schemas.cost;

import java.time.LocalDate;
import java.util.Objects;

import io.llmrelay.schemas.Price;

/**
 * One row of the {@code model_prices} table: a price that replaces the shipped price file's for a provider's model
 * from {@code effectiveFrom} (a UTC date) on, until a row with a later date takes over.
 *
 * @param source where the price came from (a provider's page and date, a ticket), recorded with the usage it prices
 */
public record PriceOverride(String provider, String model, LocalDate effectiveFrom, TokenRates rates, String source) {

    public PriceOverride {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(source, "source");
    }

    /** The price as usage events record it. */
    public Price toAvro() {
        return new Price(rates.inputMicrosPerMtok(), rates.cachedInputMicrosPerMtok(), rates.outputMicrosPerMtok(),
                source, effectiveFrom.toString());
    }
}
