package io.llmrelay.aggregator.metrics;

import java.time.Clock;

import io.llmrelay.aggregator.totals.TotalsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gauges computed from PostgreSQL: {@link BudgetGauges}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
class MetricsConfiguration {

    @Bean(destroyMethod = "close")
    BudgetGauges budgetGauges(DSLContext dsl, TotalsProperties totals, Clock clock, MeterRegistry registry,
                              MetricsProperties properties) {
        BudgetGauges gauges = new BudgetGauges(dsl, totals.zone(), clock, registry);
        gauges.start(properties.budgetRefresh());
        return gauges;
    }
}
