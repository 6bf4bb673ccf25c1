package io.llmrelay.aggregator.totals;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.llmrelay.aggregator.config.RelayKafkaProperties;
import io.llmrelay.schemas.cost.PriceOverrides;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the totals application and the roll-up writer that copies its totals and alerts to PostgreSQL. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TotalsProperties.class)
class TotalsConfiguration {

    @Bean
    TotalsTopology.Topics totalsTopics(RelayKafkaProperties kafka) {
        String prefix = kafka.topicPrefix();
        return new TotalsTopology.Topics(Topics.USAGE.withPrefix(prefix), Topics.BUDGETS.withPrefix(prefix),
                Topics.BUDGET_ALERTS.withPrefix(prefix), Topics.BUDGET_STATUS.withPrefix(prefix));
    }

    /** Only with {@code relay.aggregator.totals.reprice=true}; read before Streams starts (it is a dependency). */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "relay.aggregator.totals", name = "reprice", havingValue = "true")
    ModelPriceSnapshot modelPrices(DSLContext dsl, TotalsProperties totals) {
        ModelPriceSnapshot prices = new ModelPriceSnapshot(dsl);
        prices.refreshEvery(totals.priceRefresh());
        return prices;
    }

    @Bean
    TotalsStreamsHost totalsStreams(RelayKafkaProperties kafka, TotalsProperties totals, TotalsTopology.Topics topics,
                                    ObjectProvider<ModelPriceSnapshot> modelPrices,
                                    ConfigurableApplicationContext context) {
        Optional<Supplier<PriceOverrides>> prices = Optional.ofNullable(modelPrices.getIfAvailable());
        return new TotalsStreamsHost(
                () -> TotalsTopology.build(topics, totals.zone(), totals.retention(), totals.statusRefresh(), prices),
                TotalsStreamsClients.streams(kafka, totals), TotalsStreamsClients.admin(kafka),
                List.of(topics.usage().name(), topics.budgets().name(), topics.alerts().name(), topics.status().name()),
                context::close);
    }

    @Bean
    RollupLifecycle rollupWriter(RelayKafkaProperties kafka, TotalsProperties totals, TotalsTopology.Topics topics,
                                 DSLContext dsl, Clock clock, ConfigurableApplicationContext context) {
        String changelog = TotalsTopology.totalsChangelog(TotalsStreamsClients.applicationId(kafka, totals));
        return new RollupLifecycle(() -> new RollupConsumerLoop(
                new KafkaConsumer<>(TotalsStreamsClients.rollupConsumer(kafka, totals), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                changelog, topics.alerts().name(), topics.alerts().valueSerde().deserializer(), new RollupWriter(dsl), clock),
                // from a thread of its own: closing the context stops this lifecycle, which joins the failed thread
                () -> Thread.ofPlatform().name("rollup-writer-failed").daemon(false).start(context::close));
    }
}
