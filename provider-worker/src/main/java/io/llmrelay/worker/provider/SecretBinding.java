package io.llmrelay.worker.provider;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;

/**
 * Binds {@link Secret} properties, an empty value as no key: {@code api-key: ${OPENAI_API_KEY:}} with the variable
 * unset must mean "not configured inline" (the credentials may come from a source), not a failure to bind.
 */
@Configuration(proxyBeanMethods = false)
public class SecretBinding {

    @Bean
    @ConfigurationPropertiesBinding
    static Converter<String, Secret> secretConverter() {
        return new Converter<>() {
            @Override
            public Secret convert(String value) {
                return value.isBlank() ? null : Secret.of(value);
            }
        };
    }
}
