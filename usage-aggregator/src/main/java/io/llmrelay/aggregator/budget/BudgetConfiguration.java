package io.llmrelay.aggregator.budget;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.llmrelay.aggregator.config.RelayKafkaProperties;
import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jooq.DSLContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The budget admin API, present only when {@code relay.aggregator.admin-key} is set. */
@Configuration(proxyBeanMethods = false)
@Conditional(AdminApiEnabled.class)
@EnableConfigurationProperties(AdminKeyProperties.class)
class BudgetConfiguration {

    /** How long a change waits for Kafka before it is refused (503) and rolled back. */
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    BudgetRepository budgetRepository(DSLContext dsl) {
        return new BudgetRepository(dsl);
    }

    @Bean
    BudgetPublisher budgetPublisher(RelayKafkaProperties kafka) {
        Topic<String, Budget> topic = Topics.BUDGETS.withPrefix(kafka.topicPrefix());
        Map<String, Object> config = new HashMap<>(kafka.properties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, PUBLISH_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PUBLISH_TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) PUBLISH_TIMEOUT.toMillis());
        return new BudgetPublisher(new KafkaProducer<>(config, topic.keySerde().serializer(),
                topic.valueSerde().serializer()), topic, PUBLISH_TIMEOUT);
    }

    @Bean
    WebMvcConfigurer budgetAdminCredential(AdminKeyProperties properties) {
        AdminCredential credential = new AdminCredential(properties.adminKey());
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(credential).addPathPatterns("/admin/**");
            }
        };
    }
}
