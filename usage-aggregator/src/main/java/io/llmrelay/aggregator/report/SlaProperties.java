package io.llmrelay.aggregator.report;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.aggregator.sla.*}: how often {@code provider_sla_daily} is brought up to date.
 *
 * @param refreshInterval pause between the end of one recomputation of today and yesterday (UTC) and the start of
 *                        the next; the table lags the logs by at most this plus the time one recomputation takes
 */
@Validated
@ConfigurationProperties("relay.aggregator.sla")
record SlaProperties(@NotNull @DurationMin(millis = 1) @DefaultValue("5m") Duration refreshInterval) {

    /**
     * The name {@code @EnableConfigurationProperties} registers this bean under ({@code <prefix>-<class name>}),
     * for {@code @Scheduled} to read the bound interval instead of a second copy of the key and its default.
     */
    static final String BEAN_NAME = "relay.aggregator.sla-io.llmrelay.aggregator.report.SlaProperties";
}
