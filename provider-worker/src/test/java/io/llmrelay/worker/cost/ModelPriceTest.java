package io.llmrelay.worker.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmrelay.schemas.TokenUsage;
import org.junit.jupiter.api.Test;

class ModelPriceTest {

    private static final ModelPrice GPT_4O_MINI =
            new ModelPrice("openai", "gpt-4o-mini", 150_000, 75_000, 600_000, "test", "2026-11-01");
    private static final ModelPrice GPT_4O =
            new ModelPrice("openai", "gpt-4o", 2_500_000, 1_250_000, 10_000_000, "test", "2026-11-01");

    @Test
    void costsExactlyWhenTheProductsAreWholeMicros() {
        // 1000 * 0.15 USD/M + 500 * 0.60 USD/M = 0.00045 USD
        assertThat(GPT_4O_MINI.costMicros(new TokenUsage(1000, 500, 0))).isEqualTo(450);
    }

    @Test
    void roundsAFractionOfAMicroUpOncePerCall() {
        // 7 * 0.15 + 3 * 0.60 = 2.85 micro-USD
        assertThat(GPT_4O_MINI.costMicros(new TokenUsage(7, 3, 0))).isEqualTo(3);
        assertThat(GPT_4O_MINI.costMicros(new TokenUsage(1, 0, 0))).isEqualTo(1);
        assertThat(GPT_4O_MINI.costMicros(new TokenUsage(0, 0, 0))).isZero();
    }

    @Test
    void chargesCachedPromptTokensAtTheCachedPrice() {
        // 500 uncached * 2.50 + 1500 cached * 1.25 + 100 * 10.00 = 4125 micro-USD
        assertThat(GPT_4O.costMicros(new TokenUsage(2000, 100, 1500))).isEqualTo(4125);
    }

    @Test
    void neverChargesMoreCachedTokensThanPromptTokens() {
        assertThat(GPT_4O.costMicros(new TokenUsage(100, 0, 400))).isEqualTo(GPT_4O.costMicros(new TokenUsage(100, 0, 100)));
    }

    @Test
    void overflowFailsInsteadOfWrapping() {
        ModelPrice absurd = new ModelPrice("openai", "x", Long.MAX_VALUE / 2, 0, 0, "test", "2026-11-01");

        assertThatThrownBy(() -> absurd.costMicros(new TokenUsage(3, 0, 0))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void recordsThePriceAppliedInTheContractType() {
        assertThat(GPT_4O.toAvro().getCachedInputMicrosPerMtok()).isEqualTo(1_250_000);
        assertThat(GPT_4O.toAvro().getEffectiveDate()).isEqualTo("2026-11-01");
    }
}
