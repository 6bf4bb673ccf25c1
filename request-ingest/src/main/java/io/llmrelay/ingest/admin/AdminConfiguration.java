package io.llmrelay.ingest.admin;

import java.time.Clock;

import io.llmrelay.ingest.IngestProperties;
import io.llmrelay.ingest.auth.RejectionAudit;
import io.llmrelay.ingest.kafka.AuditPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The key admin API, present only with a database and {@code relay.ingest.admin-key} ({@link AdminApiEnabled}). */
@Configuration(proxyBeanMethods = false)
@Conditional(AdminApiEnabled.class)
class AdminConfiguration implements WebMvcConfigurer {

    private final AdminCredential credential;

    AdminConfiguration(IngestProperties properties, AuditPublisher audit, Clock clock, MeterRegistry registry) {
        this.credential = new AdminCredential(properties.adminKey(),
                new RejectionAudit(audit, "admin_key.rejected", "admin_api", clock, registry));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(credential).addPathPatterns("/admin/**");
    }
}
