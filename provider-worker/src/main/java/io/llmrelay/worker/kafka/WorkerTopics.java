package io.llmrelay.worker.kafka;

import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;

/** The catalog topics this worker reads and writes, under the configured prefix. */
public record WorkerTopics(Topic<String, CompletionRequest> requests,
                           Topic<String, CompletionResult> results,
                           Topic<String, UsageEvent> usage,
                           Topic<byte[], byte[]> requestsDlq,
                           Topic<String, AuditEvent> audit,
                           Topic<String, ProviderHealth> providerHealth,
                           Topic<String, CompletionRequest> requestsRetry,
                           Topic<String, BudgetStatus> budgetStatus,
                           Topic<String, Budget> budgets) {

    public static WorkerTopics withPrefix(String prefix) {
        return new WorkerTopics(Topics.REQUESTS.withPrefix(prefix), Topics.RESULTS.withPrefix(prefix),
                Topics.USAGE.withPrefix(prefix), Topics.REQUESTS_DLQ.withPrefix(prefix),
                Topics.AUDIT.withPrefix(prefix), Topics.PROVIDER_HEALTH.withPrefix(prefix),
                Topics.REQUESTS_RETRY.withPrefix(prefix), Topics.BUDGET_STATUS.withPrefix(prefix),
                Topics.BUDGETS.withPrefix(prefix));
    }
}
