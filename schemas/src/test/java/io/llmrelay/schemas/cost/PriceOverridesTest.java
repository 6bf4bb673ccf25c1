package io.llmrelay.schemas.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;
import org.junit.jupiter.api.Test;

class PriceOverridesTest {

    private static final PriceOverride OCTOBER = row("gpt-4o", "2026-10-01", 1);
    private static final PriceOverride NOVEMBER = row("gpt-4o", "2026-11-20", 2);
    private static final PriceOverrides ROWS = PriceOverrides.of(List.of(NOVEMBER, OCTOBER,
            row("gpt-4o-2024-08-06", "2026-11-25", 3)));

    @Test
    void thePriceOfADayIsTheRowWithTheLatestDateOnOrBeforeIt() {
        assertThat(ROWS.find("openai", "gpt-4o", LocalDate.parse("2026-09-30"))).isEmpty();
        assertThat(ROWS.find("openai", "gpt-4o", LocalDate.parse("2026-10-01"))).contains(OCTOBER);
        assertThat(ROWS.find("openai", "gpt-4o", LocalDate.parse("2026-11-19"))).contains(OCTOBER);
        assertThat(ROWS.find("openai", "gpt-4o", LocalDate.parse("2026-11-20"))).contains(NOVEMBER);
        assertThat(ROWS.find("azure", "gpt-4o", LocalDate.parse("2026-11-20"))).isEmpty();
    }

    @Test
    void aDatedSnapshotTakesItsModelsPriceUnlessItHasOneInForceOfItsOwn() {
        assertThat(ROWS.find("openai", "gpt-4o-2024-05-13", LocalDate.parse("2026-11-21"))).contains(NOVEMBER);
        assertThat(ROWS.find("openai", "gpt-4o-2024-08-06", LocalDate.parse("2026-11-21"))).contains(NOVEMBER);
        assertThat(ROWS.find("openai", "gpt-4o-2024-08-06", LocalDate.parse("2026-11-25")).orElseThrow().source())
                .isEqualTo("rates 3");
    }

    @Test
    void anInstantFallsOnItsUtcDay() {
        assertThat(ROWS.find("openai", "gpt-4o", Instant.parse("2026-11-19T23:59:59Z"))).contains(OCTOBER);
        assertThat(ROWS.find("openai", "gpt-4o", Instant.parse("2026-11-20T00:00:00Z"))).contains(NOVEMBER);
    }

    @Test
    void refusesTwoPricesForOneModelFromOneDay() {
        assertThatThrownBy(() -> PriceOverrides.of(List.of(OCTOBER, row("gpt-4o", "2026-10-01", 5))))
                .hasMessageContaining("gpt-4o").hasMessageContaining("2026-10-01");
    }

    @Test
    void recordsTheRowAsThePriceApplied() {
        assertThat(NOVEMBER.toAvro()).isEqualTo(new Price(2_000_000L, 1_000_000L, 4_000_000L, "rates 2", "2026-11-20"));
    }

    @Test
    void costsRoundUpOncePerCallWithCachedTokensAtTheirOwnRate() {
        TokenRates gpt4o = new TokenRates(2_500_000, 1_250_000, 10_000_000);
        // 500 uncached * 2.50 + 1500 cached * 1.25 + 100 * 10.00 = 4125 micro-USD
        assertThat(gpt4o.costMicros(new TokenUsage(2000, 100, 1500))).isEqualTo(4125);
        // 7 * 0.15 + 3 * 0.60 = 2.85 micro-USD
        assertThat(new TokenRates(150_000, 75_000, 600_000).costMicros(new TokenUsage(7, 3, 0))).isEqualTo(3);
        assertThatThrownBy(() -> new TokenRates(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static PriceOverride row(String model, String from, long usdPerMtok) {
        return new PriceOverride("openai", model, LocalDate.parse(from),
                new TokenRates(usdPerMtok * 1_000_000, usdPerMtok * 500_000, usdPerMtok * 2_000_000),
                "rates " + usdPerMtok);
    }
}
