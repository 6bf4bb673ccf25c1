package io.llmrelay.worker.cost;

import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;

/**
 * What one model of one provider costs, in micro-USD per million tokens (USD 0.15 per Mtok = 150 000).
 *
 * @param source        where the price came from (page and date, or file), recorded with every usage event
 * @param effectiveDate ISO date from which the price applies
 */
public record ModelPrice(String provider, String model, long inputMicrosPerMtok, long cachedInputMicrosPerMtok,
                         long outputMicrosPerMtok, String source, String effectiveDate) {

    private static final long TOKENS_PER_MTOK = 1_000_000;

    /**
     * Cost of one call in micro-USD, rounded up: {@code ceil((uncached * in + cached * cachedIn + completion * out)
     * / 1 000 000)}. Prompt tokens include the cached ones (OpenAI's convention), so uncached = prompt - cached.
     * Rounding up once per call, never per token class, keeps the error under one micro-USD per call and never
     * in the relay's disfavour. Integer arithmetic throughout; overflow throws rather than wrapping.
     */
    public long costMicros(TokenUsage usage) {
        long prompt = Math.max(0, usage.getPromptTokens());
        long cached = Math.min(prompt, Math.max(0, usage.getCachedPromptTokens()));
        long completion = Math.max(0, usage.getCompletionTokens());
        long microsTimesMtok = Math.addExact(
                Math.addExact(Math.multiplyExact(prompt - cached, inputMicrosPerMtok),
                        Math.multiplyExact(cached, cachedInputMicrosPerMtok)),
                Math.multiplyExact(completion, outputMicrosPerMtok));
        return Math.ceilDiv(microsTimesMtok, TOKENS_PER_MTOK);
    }

    public Price toAvro() {
        return new Price(inputMicrosPerMtok, cachedInputMicrosPerMtok, outputMicrosPerMtok, source, effectiveDate);
    }
}
