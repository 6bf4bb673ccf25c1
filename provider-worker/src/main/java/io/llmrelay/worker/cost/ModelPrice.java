package io.llmrelay.worker.cost;

import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.cost.PriceOverride;
import io.llmrelay.schemas.cost.TokenRates;

/**
 * What one model of one provider costs, in micro-USD per million tokens (USD 0.15 per Mtok = 150 000).
 *
 * @param source        where the price came from (page and date, or file; an override row's {@code source}), recorded
 *                      with every usage event
 * @param effectiveDate ISO date from which the price applies (the file's, or the override row's {@code effective_from})
 */
public record ModelPrice(String provider, String model, long inputMicrosPerMtok, long cachedInputMicrosPerMtok,
                         long outputMicrosPerMtok, String source, String effectiveDate) {

    /**
     * Cost of one call in micro-USD, rounded up once per call ({@link TokenRates#costMicros(TokenUsage)}, the
     * arithmetic the aggregator repeats when it reprices a replay).
     */
    public long costMicros(TokenUsage usage) {
        return rates().costMicros(usage);
    }

    public TokenRates rates() {
        return new TokenRates(inputMicrosPerMtok, cachedInputMicrosPerMtok, outputMicrosPerMtok);
    }

    /** An override from the database as the price of {@code provider}'s {@code model}. */
    static ModelPrice of(PriceOverride override) {
        TokenRates rates = override.rates();
        return new ModelPrice(override.provider(), override.model(), rates.inputMicrosPerMtok(),
                rates.cachedInputMicrosPerMtok(), rates.outputMicrosPerMtok(), override.source(),
                override.effectiveFrom().toString());
    }

    public Price toAvro() {
        return new Price(inputMicrosPerMtok, cachedInputMicrosPerMtok, outputMicrosPerMtok, source, effectiveDate);
    }
}
