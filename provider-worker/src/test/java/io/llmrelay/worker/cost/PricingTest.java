package io.llmrelay.worker.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import io.llmrelay.schemas.TokenUsage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PricingTest {

    private final PriceFile file = new PriceFile(JsonMapper.builder().build());
    private final Pricing pricing = new Pricing(file.loadShipped());

    @Test
    void theShippedPriceFileHasTheCurrentOpenAiPrices() {
        assertPrice("gpt-4o-mini", 150_000, 75_000, 600_000);
        assertPrice("gpt-4o", 2_500_000, 1_250_000, 10_000_000);
        assertPrice("gpt-4.1-mini", 400_000, 100_000, 1_600_000);
        assertPrice("gpt-4.1", 2_000_000, 500_000, 8_000_000);
        assertPrice("mock-model", 150_000, 75_000, 600_000);
    }

    @Test
    void pricesADatedSnapshotLikeTheModelItIsASnapshotOf() {
        Cost cost = pricing.cost("openai", "gpt-4o-mini-2024-07-18", new TokenUsage(1000, 500, 0));

        assertThat(cost).isEqualTo(new Cost(450, true, cost.price()));
        assertThat(cost.price().model()).isEqualTo("gpt-4o-mini");
        assertThat(cost.priceAvro().getSource()).contains("openai.com/api/pricing");
    }

    @Test
    void anUnknownModelIsUnpricedAndCountedNeverBilledAsZero() {
        Cost cost = pricing.cost("openai", "gpt-9-ultra", new TokenUsage(1000, 500, 0));
        pricing.cost("openai", "gpt-9-ultra", new TokenUsage(10, 5, 0));

        assertThat(cost.priced()).isFalse();
        assertThat(cost.micros()).isZero();
        assertThat(cost.priceAvro()).isNull();
        assertThat(pricing.unpricedCount()).isEqualTo(2);
    }

    @Test
    void pricesAreKeptApartByProvider() {
        assertThat(pricing.cost("azure", "gpt-4o-mini", new TokenUsage(1, 1, 0)).priced()).isFalse();
    }

    @Test
    void aPriceFileMistakeNamesTheEntryAndTheField() {
        String text = """
                {"source": "test", "effective_date": "2026-11-01", "prices": [
                  {"provider": "openai", "model": "a", "input_micros_per_mtok": 1, "cached_input_micros_per_mtok": 1,
                   "output_micros_per_mtok": 1},
                  {"provider": "openai", "model": "b", "input_micros_per_mtok": 0.15, "cached_input_micros_per_mtok": 1,
                   "output_micros_per_mtok": 1}]}
                """;

        assertThatThrownBy(() -> file.parse(text.getBytes(StandardCharsets.UTF_8), "test.json"))
                .hasMessageContaining("test.json prices[1]").hasMessageContaining("input_micros_per_mtok");
    }

    @Test
    void aModelPricedTwiceIsRejected() {
        String entry = """
                {"provider": "openai", "model": "a", "input_micros_per_mtok": 1, "cached_input_micros_per_mtok": 1,
                 "output_micros_per_mtok": 1}""";
        String text = "{\"source\": \"t\", \"effective_date\": \"2026-11-01\", \"prices\": [" + entry + "," + entry + "]}";

        assertThatThrownBy(() -> file.parse(text.getBytes(StandardCharsets.UTF_8), "t.json")).hasMessageContaining("twice");
    }

    private void assertPrice(String model, long input, long cachedInput, long output) {
        Cost cost = pricing.cost("openai", model, new TokenUsage(0, 0, 0));
        assertThat(cost.priced()).as(model).isTrue();
        assertThat(cost.price()).extracting(ModelPrice::inputMicrosPerMtok, ModelPrice::cachedInputMicrosPerMtok,
                ModelPrice::outputMicrosPerMtok).containsExactly(input, cachedInput, output);
    }
}
