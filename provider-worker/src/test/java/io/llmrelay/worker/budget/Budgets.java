package io.llmrelay.worker.budget;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.budget.BudgetPeriods;

/**
 * Test data: requests, budgets and statuses, and the two tables a {@link BudgetStatusView} reads, held in maps the
 * test fills (the Kafka side of the tables is {@link BudgetStatusViewIT}'s).
 */
final class Budgets {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    final Map<String, BudgetStatus> statuses = new ConcurrentHashMap<>();
    final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    BudgetStatusView view(BudgetPeriods periods) {
        return new BudgetStatusView(key -> Optional.ofNullable(statuses.get(key)),
                key -> Optional.ofNullable(budgets.get(key)), periods);
    }

    /** A month budget, with its status for {@code period}. */
    void monthly(String type, String id, long limit, long spent, boolean hard, String period) {
        budget(type, id, "month", limit, hard);
        status(type, id, period, spent, limit, hard && spent >= limit);
    }

    void budget(String type, String id, String period, long limit, boolean hard) {
        budgets.put(type + ":" + id, Budget.newBuilder().setSubjectType(type).setSubjectId(id).setLimitMicros(limit)
                .setPeriod(period).setThresholdsPercent(List.of(50, 100)).setHard(hard).setUpdatedAt(NOW).build());
    }

    void status(String type, String id, String period, long spent, long limit, boolean blocked) {
        statuses.put(type + ":" + id, status(type, id, period, spent, limit, blocked, NOW));
    }

    static BudgetStatus status(String type, String id, String period, long spent, long limit, boolean blocked,
                               Instant at) {
        return BudgetStatus.newBuilder().setSubjectType(type).setSubjectId(id).setPeriod(period)
                .setSpentMicros(spent).setLimitMicros(limit).setBlocked(blocked).setUpdatedAt(at).build();
    }

    static CompletionRequest request(String user, String team, String key, Integer maxTokens) {
        return CompletionRequest.newBuilder()
                .setRequestId("r-" + System.nanoTime()).setUserId(user).setTeamId(team).setKeyId(key)
                .setModel("gpt-4o-mini")
                .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent("Hello world").build()))
                .setMaxTokens(maxTokens)
                .setCreatedAt(NOW).setDeadline(NOW.plusSeconds(60))
                .build();
    }
}
