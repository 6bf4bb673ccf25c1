package io.llmrelay.worker.provider;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import io.llmrelay.worker.credentials.CredentialSuppliers;
import io.llmrelay.worker.provider.ProviderRegistry.Registered;
import io.llmrelay.worker.provider.anthropic.AnthropicChatProvider;
import io.llmrelay.worker.provider.azure.AzureOpenAiChatProvider;
import io.llmrelay.worker.provider.openai.OpenAiAnswer;
import io.llmrelay.worker.provider.openai.OpenAiChatProvider;
import io.llmrelay.worker.provider.openai.OpenAiRequestBody;
import io.llmrelay.worker.routing.db.DatabaseRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class ProvidersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProvidersConfiguration.class);

    @Bean(destroyMethod = "close")
    ProviderRegistry providerRegistry(ProvidersSettings settings, ProviderSettings shorthand,
                                      CredentialSuppliers credentials, ObjectProvider<RateLimitSignals> signals,
                                      ObjectProvider<DatabaseRouting> fromDatabase, JsonMapper json, Clock clock) {
        RateLimitSignals rateLimits = signals.getIfAvailable(() -> RateLimitSignals.IGNORED);
        Map<String, Registered> providers = new LinkedHashMap<>();
        List<HttpClient> clients = new ArrayList<>();
        // the typed providers, plus those of api_configurations when relay.routing.from-database is on
        DatabaseRouting database = fromDatabase.getIfAvailable(DatabaseRouting::none);
        database.providersWith(settings, shorthand).forEach((id, provider) -> {
            HttpClient http = httpClient(provider);
            clients.add(http);
            ProviderCall call = new ProviderCall(id, http,
                    credentials.forProvider(id, provider.kind(), provider.apiKey()),
                    new HttpFailureClassifier(id, provider.baseUrl(), provider.apiKey(), json, clock), rateLimits,
                    provider.requestTimeout(), clock);
            providers.put(id, new Registered(provider.kind(), adapter(id, provider, call, json)));
            log.info("provider '{}': {} at {}, connect timeout {}, request timeout {}", id,
                    ProvidersSettings.kindName(provider.kind()), redactedUserInfo(provider.baseUrl()),
                    provider.connectTimeout(), provider.requestTimeout());
        });
        log.info("retries of every provider: {}", shorthand.retry());
        return new ProviderRegistry(providers, clients);
    }

    private static ChatProvider adapter(String id, ProvidersSettings.Provider provider, ProviderCall call,
                                        JsonMapper json) {
        return switch (provider.kind()) {
            case OPENAI, OPENAI_COMPATIBLE -> new OpenAiChatProvider(id, provider.baseUrl(),
                    provider.kind() == ProviderKind.OPENAI ? provider.organization() : null, call,
                    new OpenAiRequestBody(json), new OpenAiAnswer(json));
            case AZURE_OPENAI -> new AzureOpenAiChatProvider(id, provider, call, new OpenAiRequestBody(json),
                    new OpenAiAnswer(json));
            case ANTHROPIC -> new AnthropicChatProvider(id, provider, call, json);
        };
    }

    /**
     * One client per provider, as the connect timeout is the client's. HTTP/1.1 because OpenAI-compatible servers
     * vary in their HTTP/2 support and one connection per concurrent call spreads over a provider's front ends.
     */
    private static HttpClient httpClient(ProvidersSettings.Provider provider) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(provider.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    private static String redactedUserInfo(URI url) {
        return url.getUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo(), "[redacted]");
    }
}
