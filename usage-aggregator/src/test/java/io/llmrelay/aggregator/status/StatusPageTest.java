package io.llmrelay.aggregator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class StatusPageTest {

    private final StatusPage page = new StatusPage(ZoneId.of("Europe/Berlin"));
    private final Instant now = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void saysSoWhenThereIsNothingToShowAndLoadsNothingFromElsewhere() {
        String html = page.render(new StatusSnapshot(now, "Europe/Berlin", YearMonth.of(2026, 11), 3600, List.of(),
                List.of(), List.of()));

        assertThat(html).contains("id=\"no-providers\"", "id=\"no-spend\"", "id=\"no-alerts\"",
                "As of 2026-11-26 11:00:00 (Europe/Berlin)", "over the last hour")
                .doesNotContain("<script", "http://", "https://", "<link");
    }

    @Test
    void escapesEverythingThatComesFromData() {
        StatusSnapshot status = new StatusSnapshot(now, "Europe/Berlin", YearMonth.of(2026, 11), 1800,
                List.of(new StatusSnapshot.ProviderStatus("p\"><img src=x>", "OPEN",
                        List.of(new StatusSnapshot.Breaker("p/m", "OPEN", now, "<b>boom</b>", "w1")), 4, 1, 0.25,
                        120.0, now)),
                List.of(new StatusSnapshot.Spend("user", "<script>alert(1)</script>", 2_500_000, 2_000_000L, "month",
                        2_500_000L, true, 1.25)),
                List.of(new StatusSnapshot.Alert(now, "budget", "user:<x>", "100 % & more")));

        String html = page.render(status);

        assertThat(html).doesNotContain("<script>alert", "<img src=x>", "<b>boom</b>", "user:<x>")
                .contains("user:&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;boom&lt;/b&gt;", "100 % &amp; more",
                        "class=\"num over\"", "125.0 %", "$2.50", "$2.00 per month (hard)", "25.0 %", "120 ms",
                        "over the last 30 minutes");
        // the chart: one bar, the limit marked inside the drawing
        assertThat(html).containsOnlyOnce("<svg id=\"spend-chart\"").containsOnlyOnce("class=\"limit\"");
    }
}
