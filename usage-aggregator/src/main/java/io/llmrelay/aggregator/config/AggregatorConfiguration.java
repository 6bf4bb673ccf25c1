package io.llmrelay.aggregator.config;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RelayKafkaProperties.class, AggregatorProperties.class})
class AggregatorConfiguration {

    /** UTC wall clock; tests that need to move time build the beans that use it with their own. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
