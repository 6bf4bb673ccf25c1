package io.llmrelay.schemas.cost;

import io.llmrelay.schemas.TokenUsage;

/**
 * What a model's tokens cost, in micro-USD per million tokens (USD 0.15 per Mtok = 150 000). Shared so that the
 * worker, which bills an attempt, and the aggregator, which reprices it on a replay, compute the same number to
 * the micro-USD.
 */
public record TokenRates(long inputMicrosPerMtok, long cachedInputMicrosPerMtok, long outputMicrosPerMtok) {

    private static final long TOKENS_PER_MTOK = 1_000_000;

    public TokenRates {
        if (inputMicrosPerMtok < 0 || cachedInputMicrosPerMtok < 0 || outputMicrosPerMtok < 0) {
            throw new IllegalArgumentException("token rates must not be negative: " + inputMicrosPerMtok + "/"
                    + cachedInputMicrosPerMtok + "/" + outputMicrosPerMtok + " micro-USD per million tokens");
        }
    }

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
}
