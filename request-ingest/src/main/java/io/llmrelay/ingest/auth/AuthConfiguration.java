package io.llmrelay.ingest.auth;

import io.llmrelay.ingest.IngestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

    private final BearerAuthInterceptor interceptor;

    AuthConfiguration(RelayKeys keys, MeterRegistry registry) {
        this.interceptor = new BearerAuthInterceptor(keys, registry);
    }

    @Bean
    static RelayKeys configuredRelayKeys(IngestProperties properties) {
        ConfiguredRelayKeys keys = ConfiguredRelayKeys.from(properties);
        if (keys.size() == 0) {
            log.warn("no relay keys configured (relay.ingest.keys, RELAY_BOOTSTRAP_KEY): every request will get 401");
        } else {
            log.info("{} relay key(s) configured", keys.size());
        }
        return keys;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/v1/**");
    }
}
