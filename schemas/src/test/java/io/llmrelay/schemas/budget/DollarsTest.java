package io.llmrelay.schemas.budget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DollarsTest {

    @Test
    void showsCentsAlwaysAndSmallerDigitsOnlyWhenThereAreSome() {
        assertThat(Dollars.format(12_340_000)).isEqualTo("$12.34");
        assertThat(Dollars.format(12_000_000)).isEqualTo("$12.00");
        assertThat(Dollars.format(12_300)).isEqualTo("$0.0123");
        assertThat(Dollars.format(1)).isEqualTo("$0.000001");
        assertThat(Dollars.format(0)).isEqualTo("$0.00");
        assertThat(Dollars.format(1_234_567_890_000L)).isEqualTo("$1234567.89");
        assertThat(Dollars.format(-500_000)).isEqualTo("-$0.50");
    }
}
