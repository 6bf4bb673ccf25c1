package io.llmrelay.schemas.topic;

import java.util.List;
import java.util.Map;

import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetAlert;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.serde.AvroSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The topic catalog: the only place topic names, key types, serdes and configs are declared. */
public final class Topics {

    private static final String SEVEN_DAYS_MS = Long.toString(7L * 24 * 3600 * 1000);
    private static final String THIRTY_DAYS_MS = Long.toString(30L * 24 * 3600 * 1000);
    private static final Map<String, String> DELETE_7D = Map.of("cleanup.policy", "delete", "retention.ms", SEVEN_DAYS_MS);
    private static final Map<String, String> DELETE_30D = Map.of("cleanup.policy", "delete", "retention.ms", THIRTY_DAYS_MS);
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");

    private static final Serde<String> STRING = Serdes.String();
    private static final Serde<byte[]> BYTES = Serdes.ByteArray();

    /** Key: user id. */
    public static final Topic<String, CompletionRequest> REQUESTS =
            new Topic<>("llm.requests", STRING, AvroSerde.of(CompletionRequest.class), 12, DELETE_7D);

    /** Key: request id. Written to the partition named by the request's reply route when it has one. */
    public static final Topic<String, CompletionResult> RESULTS =
            new Topic<>("llm.results", STRING, AvroSerde.of(CompletionResult.class), 12, DELETE_7D);

    /** Key: user id. One event per billed attempt. */
    public static final Topic<String, UsageEvent> USAGE =
            new Topic<>("llm.usage", STRING, AvroSerde.of(UsageEvent.class), 12, DELETE_30D);

    /** Key: subject id. */
    public static final Topic<String, BudgetAlert> BUDGET_ALERTS =
            new Topic<>("llm.budget.alerts", STRING, AvroSerde.of(BudgetAlert.class), 6, DELETE_30D);

    /** Key: subject id. Compacted. */
    public static final Topic<String, BudgetStatus> BUDGET_STATUS =
            new Topic<>("llm.budget.status", STRING, AvroSerde.of(BudgetStatus.class), 6, COMPACTED);

    /** Key: subject id ({@code user:<id>}, {@code team:<id>}, {@code key:<id>}). Compacted; a tombstone removes the budget. */
    public static final Topic<String, Budget> BUDGETS =
            new Topic<>("llm.budgets", STRING, AvroSerde.of(Budget.class), 6, COMPACTED);

    /** Key: provider id. Compacted. */
    public static final Topic<String, ProviderHealth> PROVIDER_HEALTH =
            new Topic<>("llm.provider.health", STRING, AvroSerde.of(ProviderHealth.class), 3, COMPACTED);

    /** Key: subject. */
    public static final Topic<String, AuditEvent> AUDIT =
            new Topic<>("llm.audit", STRING, AvroSerde.of(AuditEvent.class), 3, DELETE_30D);

    /**
     * Key: user id. Requests no provider could answer, parked for a delayed re-try by the workers (headers say when
     * and how often); after the last re-try they go to the dead-letter topic.
     */
    public static final Topic<String, CompletionRequest> REQUESTS_RETRY =
            new Topic<>("llm.requests.retry", STRING, AvroSerde.of(CompletionRequest.class), 3, DELETE_7D);

    /** Poison or undeliverable requests: the original key and value bytes plus error headers. */
    public static final Topic<byte[], byte[]> REQUESTS_DLQ =
            new Topic<>("llm.requests.dlq", BYTES, BYTES, 3, DELETE_30D);

    /** Usage records the aggregator could not decode. */
    public static final Topic<byte[], byte[]> USAGE_DLQ =
            new Topic<>("llm.usage.dlq", BYTES, BYTES, 3, DELETE_30D);

    private static final List<Topic<?, ?>> ALL = List.of(REQUESTS, RESULTS, USAGE, BUDGET_ALERTS, BUDGET_STATUS,
            BUDGETS, PROVIDER_HEALTH, AUDIT, REQUESTS_RETRY, REQUESTS_DLQ, USAGE_DLQ);

    private Topics() {
    }

    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    /** Every topic under a name prefix (see {@link Topic#withPrefix(String)}), e.g. to provision a test's own set. */
    public static List<Topic<?, ?>> allWithPrefix(String prefix) {
        return ALL.stream().<Topic<?, ?>>map(t -> t.withPrefix(prefix)).toList();
    }
}
