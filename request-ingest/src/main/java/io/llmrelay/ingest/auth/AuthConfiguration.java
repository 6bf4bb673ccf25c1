package io.llmrelay.ingest.auth;

import java.time.Clock;
import java.util.Optional;

import io.llmrelay.ingest.IngestProperties;
import io.llmrelay.ingest.kafka.AuditPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Which keys authenticate: those from configuration always, and those in PostgreSQL when a database is configured
 * (the admin package provides {@link DatabaseRelayKeys} then).
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

    private final BearerAuthInterceptor interceptor;

    AuthConfiguration(RelayKeys keys, AuditPublisher audit, Clock clock, MeterRegistry registry) {
        this.interceptor = new BearerAuthInterceptor(keys, new KeyRateLimiter(clock),
                new RejectionAudit(audit, "relay_key.rejected", "relay_key:unknown", clock, registry), registry);
    }

    /** Primary: {@link DatabaseRelayKeys} is a RelayKeys bean too, but only a part of this one. */
    @Bean
    @Primary
    static RelayKeys relayKeys(IngestProperties properties, ObjectProvider<DatabaseRelayKeys> database) {
        ConfiguredRelayKeys configured = ConfiguredRelayKeys.from(properties);
        DatabaseRelayKeys stored = database.getIfAvailable();
        if (stored == null) {
            if (configured.size() == 0) {
                log.warn("no relay keys configured (relay.ingest.keys, RELAY_BOOTSTRAP_KEY) and no database "
                        + "(RELAY_DB_URL): every request will get 401");
            } else {
                log.info("{} relay key(s) configured; no database", configured.size());
            }
            return configured;
        }
        log.info("{} relay key(s) configured, {} live in PostgreSQL", configured.size(), stored.size());
        return presented -> {
            Optional<Caller> caller = configured.find(presented);
            return caller.isPresent() ? caller : stored.find(presented);
        };
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/v1/**");
    }
}
