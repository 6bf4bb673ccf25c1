package io.llmrelay.aggregator.status;

import java.time.Clock;

import io.llmrelay.aggregator.budget.AdminKeyProperties;
import io.llmrelay.aggregator.config.RelayKafkaProperties;
import io.llmrelay.aggregator.totals.TotalsProperties;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.kafka.CompactedTopicView;
import io.llmrelay.schemas.topic.Topics;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The status page: its reader of {@code llm.provider.health}, its queries, and its protection by the admin key when
 * one is set. None of it with {@code relay.aggregator.status.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "relay.aggregator.status", name = "enabled", havingValue = "true",
        matchIfMissing = true)
// AdminKeyProperties also when the admin API is off (no key): then it says the page is open
@EnableConfigurationProperties({StatusProperties.class, AdminKeyProperties.class})
class StatusConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StatusConfiguration.class);

    /**
     * Every replica reads the whole compacted topic (no group, nothing committed) in the background; the page shows
     * what has been read so far, so start-up does not wait for it.
     */
    @Bean(destroyMethod = "close")
    CompactedTopicView<ProviderHealth> statusProviderHealth(RelayKafkaProperties kafka) {
        CompactedTopicView<ProviderHealth> view = new CompactedTopicView<>(
                CompactedTopicView.consumerConfig(kafka.properties(), kafka.bootstrapServers(),
                        "usage-aggregator-status-provider-health"),
                Topics.PROVIDER_HEALTH.withPrefix(kafka.topicPrefix()));
        view.start();
        return view;
    }

    @Bean
    StatusService statusService(DSLContext dsl, CompactedTopicView<ProviderHealth> statusProviderHealth,
                                StatusProperties properties, TotalsProperties totals, Clock clock) {
        return new StatusService(new StatusRepository(dsl), statusProviderHealth, properties, totals.zone(), clock);
    }

    @Bean
    StatusPage statusPage(TotalsProperties totals) {
        return new StatusPage(totals.zone());
    }

    @Bean
    WebMvcConfigurer statusAccess(AdminKeyProperties admin) {
        if (!StringUtils.hasText(admin.adminKey())) {
            log.warn("/status and /status.json show spend per user and are NOT protected: RELAY_ADMIN_KEY is not set;"
                    + " set it, or keep port 8081 off any network people outside operations reach");
            return new WebMvcConfigurer() {
            };
        }
        StatusAccess access = new StatusAccess(admin.adminKey());
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(access).addPathPatterns("/status", "/status.json");
            }
        };
    }
}
