package io.llmrelay.ingest.api;

import java.time.Clock;

import io.llmrelay.ingest.IngestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(IngestProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxBodySize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Only the completions endpoint: the model list is cheap and Boot's http.server.requests covers it. */
    @Bean
    FilterRegistrationBean<CompletionMetricsFilter> completionMetricsFilter(MeterRegistry registry,
                                                                            KnownModels models) {
        FilterRegistrationBean<CompletionMetricsFilter> registration =
                new FilterRegistrationBean<>(new CompletionMetricsFilter(registry, models));
        registration.addUrlPatterns("/v1/chat/completions");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    ChatRequestReader chatRequestReader(JsonMapper json) {
        return new ChatRequestReader(json);
    }

    @Bean
    KnownModels knownModels(IngestProperties properties) {
        return new KnownModels(properties.models());
    }

    @Bean
    RequestEnvelope.Factory requestEnvelopes(Clock clock, IngestProperties properties) {
        return new RequestEnvelope.Factory(clock, properties.requestTimeout(), properties.replyPartition(),
                properties.instanceId());
    }

    @Bean
    CompletionResponses completionResponses(JsonMapper json) {
        return new CompletionResponses(new EventStream(json));
    }
}
