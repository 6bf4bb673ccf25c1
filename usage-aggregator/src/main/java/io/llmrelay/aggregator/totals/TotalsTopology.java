package io.llmrelay.aggregator.totals;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetAlert;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.cost.PriceOverrides;
import io.llmrelay.schemas.topic.Topic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregator's Kafka Streams topology, as a pure factory that TopologyTestDriver tests drive:
 *
 * <pre>
 * llm.usage (event time = occurred_at) ─► [reprice] ─► dedup (attempt identity) ─► one record per subject ─┐
 * llm.budgets ─► budget set / removed ───────────────────────────────────────────────────────┴► by-subject
 *   repartition ─► spend: totals per subject × day/month, budgets, thresholds alerted, status ─► llm.budget.alerts
 *                                                                                             └► llm.budget.status
 * </pre>
 *
 * Calendar periods in a zone are not fixed-size windows, so the processor API with explicit stores does the
 * windowing: the period is a part of the store key. Totals reach PostgreSQL through the {@value
 * SpendProcessor#TOTALS_STORE} store's changelog ({@link #totalsChangelog(String)}), read by the roll-up writer.
 */
public final class TotalsTopology {

    /** Name of the repartition topic: {@code <application.id>-by-subject-repartition}. */
    static final String BY_SUBJECT = "by-subject";

    private TotalsTopology() {
    }

    /**
     * The topics the topology reads and writes, already under the relay's prefix; serdes come from the catalog.
     */
    public record Topics(Topic<String, UsageEvent> usage, Topic<String, Budget> budgets,
                         Topic<String, BudgetAlert> alerts, Topic<String, BudgetStatus> status) {
    }

    /**
     * @param zone          time zone of days and months
     * @param retention     how long deduplication and past periods' totals are kept in state (and so how late a
     *                      usage event may arrive and still be counted)
     * @param statusRefresh how often the wall clock is checked for a new day or month
     */
    public static Topology build(Topics topics, ZoneId zone, Duration retention, Duration statusRefresh) {
        return build(topics, zone, retention, statusRefresh, Optional.empty());
    }

    /**
     * @param prices with {@code relay.aggregator.totals.reprice}: the {@code model_prices} rows (an in-memory
     *               snapshot) that reprice each usage event before it is counted; empty: event costs as billed
     */
    public static Topology build(Topics topics, ZoneId zone, Duration retention, Duration statusRefresh,
                                 Optional<Supplier<PriceOverrides>> prices) {
        Serde<String> keys = Serdes.String();
        Serde<SubjectEvent> subjectEvents = new SubjectEventSerde();
        StreamsBuilder builder = new StreamsBuilder();
        // windows of 1 ms: an entry is a point in event time; the store drops segments older than the retention
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(UsageDeduplicator.ATTEMPTS_STORE,
                retention, Duration.ofMillis(1), false), keys, Serdes.Long()));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(UsageDeduplicator.REQUESTS_STORE,
                retention, Duration.ofMillis(1), false), keys, Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SpendProcessor.TOTALS_STORE),
                keys, new TotalsSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SpendProcessor.ALERTED_STORE),
                keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SpendProcessor.BUDGETS_STORE),
                keys, topics.budgets().valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SpendProcessor.STATUS_STORE),
                keys, topics.status().valueSerde()));

        KStream<String, UsageEvent> usage = builder
                .stream(topics.usage().name(), Consumed.with(topics.usage().keySerde(), topics.usage().valueSerde())
                        .withTimestampExtractor(new OccurredAtExtractor()).withName("usage"));
        if (prices.isPresent()) {
            usage = usage.mapValues(new UsageRepricer(prices.get()), Named.as("reprice"));
        }
        KStream<String, SubjectEvent> spend = usage
                .process(() -> new UsageDeduplicator(retention), Named.as("dedup"),
                        UsageDeduplicator.ATTEMPTS_STORE, UsageDeduplicator.REQUESTS_STORE);
        KStream<String, SubjectEvent> budgetChanges = builder
                .stream(topics.budgets().name(), Consumed.with(topics.budgets().keySerde(), topics.budgets().valueSerde())
                        .withName("budgets"))
                .mapValues(budget -> budget == null ? new SubjectEvent.BudgetRemoved() : new SubjectEvent.BudgetSet(budget),
                        Named.as("budget-change"));

        KStream<String, Outcome> outcomes = spend.merge(budgetChanges, Named.as("spend-and-budgets"))
                .repartition(Repartitioned.with(keys, subjectEvents).withName(BY_SUBJECT))
                .process(() -> new SpendProcessor(zone, retention, statusRefresh), Named.as("spend"),
                        SpendProcessor.TOTALS_STORE, SpendProcessor.ALERTED_STORE, SpendProcessor.BUDGETS_STORE,
                        SpendProcessor.STATUS_STORE);

        outcomes.filter((subject, outcome) -> outcome instanceof Outcome.Alert, Named.as("alerts"))
                .mapValues(outcome -> ((Outcome.Alert) outcome).alert(), Named.as("alert-records"))
                .to(topics.alerts().name(), Produced.with(topics.alerts().keySerde(), topics.alerts().valueSerde())
                        .withName("alerts-sink"));
        outcomes.filter((subject, outcome) -> outcome instanceof Outcome.Status, Named.as("statuses"))
                .mapValues(outcome -> ((Outcome.Status) outcome).status(), Named.as("status-records"))
                .to(topics.status().name(), Produced.with(topics.status().keySerde(), topics.status().valueSerde())
                        .withName("status-sink"));
        return builder.build();
    }

    /** The changelog of the totals store, which Kafka Streams names after the application id. */
    public static String totalsChangelog(String applicationId) {
        return applicationId + "-" + SpendProcessor.TOTALS_STORE + "-changelog";
    }
}
