package io.llmrelay.aggregator.report;

import java.time.Clock;

import org.jooq.DSLContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the SLA report: {@code api_usage_logs} → {@code provider_sla_daily}, recomputed on a schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(SlaProperties.class)
class SlaReportConfiguration {

    @Bean
    SlaReport slaReport(DSLContext dsl, Clock clock) {
        return new SlaReport(dsl, clock);
    }

    @Bean
    SlaRefreshJob slaRefreshJob(SlaReport slaReport, Clock clock) {
        return new SlaRefreshJob(slaReport, clock);
    }
}
