package io.llmrelay.aggregator.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.llmrelay.schemas.Budget;
import org.junit.jupiter.api.Test;

class BudgetRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void fillsTheDefaultThresholdsAndASoftBudget() {
        Budget budget = new BudgetRequest(5_000_000L, "month", null, null).toBudget("team", "platform", NOW);

        assertThat(budget.getThresholdsPercent()).containsExactly(50, 75, 90, 100);
        assertThat(budget.getHard()).isFalse();
        assertThat(budget.getSubjectType()).isEqualTo("team");
        assertThat(budget.getUpdatedAt()).isEqualTo(NOW);
    }

    @Test
    void sortsAndDeduplicatesThresholds() {
        assertThat(new BudgetRequest(1L, "day", List.of(100, 80, 100), true).toBudget("key", "k1", NOW)
                .getThresholdsPercent()).containsExactly(80, 100);
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertRefused(new BudgetRequest(null, "day", null, null), "user", "alice", "limit_micros");
        assertRefused(new BudgetRequest(0L, "day", null, null), "user", "alice", "limit_micros");
        assertRefused(new BudgetRequest(BudgetRequest.MAX_LIMIT_MICROS + 1, "day", null, null), "user", "alice",
                "limit_micros");
        assertRefused(new BudgetRequest(1L, "week", null, null), "user", "alice", "period");
        assertRefused(new BudgetRequest(1L, "day", List.of(), null), "user", "alice", "thresholds_percent");
        assertRefused(new BudgetRequest(1L, "day", List.of(0), null), "user", "alice", "thresholds_percent");
        assertRefused(new BudgetRequest(1L, "day", Arrays.asList(50, null), null), "user", "alice", "thresholds_percent");
        assertRefused(new BudgetRequest(1L, "day", null, null), "provider", "openai", "subject_type");
        assertRefused(new BudgetRequest(1L, "day", null, null), "user", " ", "subject_id");
    }

    private static void assertRefused(BudgetRequest request, String type, String id, String param) {
        assertThatThrownBy(() -> request.toBudget(type, id, NOW))
                .isInstanceOfSatisfying(BudgetApiException.class, e -> assertThat(e.param()).isEqualTo(param));
    }
}
