package io.llmrelay.worker.provider.openai;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.Executors;

import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.provider.HttpFailureClassifier;
import io.llmrelay.worker.provider.ProviderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class OpenAiConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OpenAiConfiguration.class);

    /**
     * One client for every call: it pools connections. HTTP/1.1 because OpenAI-compatible servers vary in
     * their HTTP/2 support and one connection per concurrent call spreads over a provider's front ends.
     * Shut down without waiting: by then the consumer has stopped, and calls still open were abandoned
     * (their requests are redelivered).
     */
    @Bean(destroyMethod = "shutdownNow")
    HttpClient providerHttpClient(ProviderSettings settings) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    @Bean
    ChatProvider openAiChatProvider(ProviderSettings settings, HttpClient providerHttpClient, JsonMapper json,
                                    Clock clock) {
        log.info("provider '{}' at {} (organization {}), connect timeout {}, request timeout {}, retry {}",
                settings.id(), settings.baseUrl(), settings.organization() == null ? "not set" : "set",
                settings.connectTimeout(), settings.requestTimeout(), settings.retry());
        HttpFailureClassifier classifier = new HttpFailureClassifier(settings.id(), settings.baseUrl(),
                settings.apiKey(), json, clock);
        return new OpenAiChatProvider(settings, providerHttpClient, new OpenAiRequestBody(json), new OpenAiAnswer(json),
                classifier, clock);
    }
}
