package io.llmrelay.worker.health;

import java.time.Clock;
import java.util.Optional;

import io.llmrelay.worker.breaker.ProviderBreakers;
import io.llmrelay.worker.provider.ProviderRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code providers} actuator endpoint, the sampler of the call meters behind it and, with
 * {@code relay.health.probe.enabled=true}, the active probe. Breakers are optional: without them
 * ({@code relay.breaker.enabled=false}) the endpoint lists no targets.
 */
@Configuration(proxyBeanMethods = false)
class ProviderHealthConfiguration {

    @Bean(destroyMethod = "close")
    CallWindow providerCallWindow(MeterRegistry registry, Clock clock, HealthSettings settings) {
        CallWindow window = new CallWindow(registry, clock, settings.window());
        window.start(settings.sampleInterval());
        return window;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "relay.health.probe", name = "enabled", havingValue = "true")
    ActiveProbe activeProbe(ProviderRegistry providers, HealthSettings settings, Clock clock, MeterRegistry registry) {
        ActiveProbe probe = new ActiveProbe(providers, settings.probe(), clock, registry);
        probe.start();
        return probe;
    }

    @Bean
    ProvidersEndpoint providersEndpoint(ProviderRegistry providers, ObjectProvider<ProviderBreakers> breakers,
                                        CallWindow providerCallWindow, ObjectProvider<ActiveProbe> activeProbe) {
        return new ProvidersEndpoint(providers, Optional.ofNullable(breakers.getIfAvailable()), providerCallWindow,
                Optional.ofNullable(activeProbe.getIfAvailable()));
    }
}
