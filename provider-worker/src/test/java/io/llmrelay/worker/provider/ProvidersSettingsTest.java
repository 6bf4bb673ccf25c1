package io.llmrelay.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.llmrelay.worker.credentials.Credential;
import io.llmrelay.worker.credentials.CredentialSuppliers;
import io.llmrelay.worker.credentials.StaticCredentialSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/** Binding of {@code relay.providers.*} and the {@code relay.provider.*} shorthand, and the registry built on it. */
class ProvidersSettingsTest {

    // not a @Configuration: the worker's component scan in the integration tests must not pick it up
    @EnableConfigurationProperties({ProvidersSettings.class, ProviderSettings.class})
    @Import({SecretBinding.class, ProvidersConfiguration.class})
    static class Bound {

        @Bean
        CredentialSuppliers credentialSuppliers() {
            return (id, kind, inlineKey) -> new StaticCredentialSupplier(new Credential("relay.providers." + id
                    + ".api-key", inlineKey == null ? Secret.of("from-a-source") : inlineKey,
                    Credential.Type.API_KEY));
        }

        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().build();
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bindsSeveralProvidersOfEveryKindWithTheirDefaults() {
        runner.withPropertyValues(
                "relay.providers.openai.kind=openai",
                "relay.providers.openai.api-key=sk-openai-secret",
                "relay.providers.openai.organization=org-1",
                "relay.providers.azure-eu.kind=azure-openai",
                "relay.providers.azure-eu.base-url=https://relay-eu.openai.azure.com",
                "relay.providers.azure-eu.deployments.gpt-4o=prod-4o",
                "relay.providers.azure-eu.deployments[gpt-4.1]=prod-41",
                "relay.providers.azure-eu.api-version=2025-01-01-preview",
                "relay.providers.claude.kind=ANTHROPIC",
                "relay.providers.claude.default-max-tokens=4096",
                "relay.providers.claude.request-timeout=90s",
                "relay.providers.local.kind=openai_compatible",
                "relay.providers.local.base-url=http://127.0.0.1:8000").run(context -> {
                    assertThat(context).hasNotFailed();
                    Map<String, ProvidersSettings.Provider> providers = context.getBean(ProvidersSettings.class)
                            .providers();
                    assertThat(providers).containsOnlyKeys("openai", "azure-eu", "claude", "local");
                    ProvidersSettings.Provider openai = providers.get("openai");
                    assertThat(openai.baseUrl()).isEqualTo(URI.create("https://api.openai.com"));
                    assertThat(openai.apiKey().reveal()).isEqualTo("sk-openai-secret");
                    assertThat(openai.organization()).isEqualTo("org-1");
                    assertThat(openai.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(openai.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(openai.toString()).doesNotContain("sk-openai-secret");
                    ProvidersSettings.Provider azure = providers.get("azure-eu");
                    assertThat(azure.kind()).isEqualTo(ProviderKind.AZURE_OPENAI);
                    assertThat(azure.apiVersion()).isEqualTo("2025-01-01-preview");
                    assertThat(azure.deployments()).containsOnly(entry("gpt-4o", "prod-4o"), entry("gpt-4.1", "prod-41"));
                    assertThat(azure.deployment("gpt-4o")).isEqualTo("prod-4o");
                    assertThat(azure.deployment("gpt-4o-mini")).isEqualTo("gpt-4o-mini");
                    assertThat(azure.apiKey()).isNull();
                    ProvidersSettings.Provider claude = providers.get("claude");
                    assertThat(claude.baseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
                    assertThat(claude.anthropicVersion()).isEqualTo("2023-06-01");
                    assertThat(claude.defaultMaxTokens()).isEqualTo(4096);
                    assertThat(claude.requestTimeout()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(providers.get("local").kind()).isEqualTo(ProviderKind.OPENAI_COMPATIBLE);

                    ProviderRegistry registry = context.getBean(ProviderRegistry.class);
                    assertThat(registry.ids()).containsExactly("openai", "azure-eu", "claude", "local");
                    assertThat(registry.kind("claude")).isEqualTo(ProviderKind.ANTHROPIC);
                    assertThat(registry.get("azure-eu").id()).isEqualTo("azure-eu");
                    assertThat(registry.get("azure-eu"))
                            .isInstanceOf(io.llmrelay.worker.provider.azure.AzureOpenAiChatProvider.class);
                    assertThatThrownBy(() -> registry.get("gemini"))
                            .isInstanceOf(ProviderRegistry.UnknownProviderException.class)
                            .hasMessageContaining("no provider 'gemini' is configured")
                            .hasMessageContaining("openai, azure-eu, claude, local");
                });
    }

    @Test
    void withoutProvidersTheShorthandDefinesOne() {
        runner.withPropertyValues("relay.provider.id=mock", "relay.provider.base-url=http://127.0.0.1:8090",
                "relay.provider.api-key=sk-test").run(context -> {
                    ProviderRegistry registry = context.getBean(ProviderRegistry.class);
                    assertThat(registry.ids()).containsExactly("mock");
                    assertThat(registry.kind("mock")).isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
                    assertThat(registry.get("mock").id()).isEqualTo("mock");
                });
        runner.withPropertyValues("relay.provider.api-key=sk-test", "relay.provider.organization=org-9")
                .run(context -> {
                    ProvidersSettings.Provider openai = context.getBean(ProvidersSettings.class)
                            .resolve(context.getBean(ProviderSettings.class)).get("openai");
                    assertThat(openai.kind()).isEqualTo(ProviderKind.OPENAI);
                    assertThat(openai.organization()).isEqualTo("org-9");
                    assertThat(openai.apiKey().reveal()).isEqualTo("sk-test");
                });
    }

    @Test
    void anEmptyKeyIsNoKey() {
        runner.withPropertyValues("relay.provider.api-key=", "relay.providers.a.kind=openai",
                "relay.providers.a.api-key=").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ProviderSettings.class).apiKey()).isNull();
                    assertThat(context.getBean(ProvidersSettings.class).providers().get("a").apiKey()).isNull();
                });
    }

    @Test
    void badConfigurationFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("relay.providers.x.kind=gemini").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("relay.providers.x.kind"));
        runner.withPropertyValues("relay.providers.az.kind=azure-openai").run(context ->
                assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("relay.providers.az.base-url must be set for kind azure-openai"));
        runner.withPropertyValues("relay.providers.local.kind=openai-compatible").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("relay.providers.local.base-url"));
        runner.withPropertyValues("relay.providers.o.kind=openai", "relay.providers.o.base-url=ftp://example.com")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining("relay.providers.o")
                        .hasStackTraceContaining("base-url must be an http or https URL"));
        runner.withPropertyValues("relay.providers.c.kind=anthropic", "relay.providers.c.default-max-tokens=0")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("relay.providers[c].defaultMaxTokens")
                        .hasStackTraceContaining("must be greater than 0"));
        runner.withPropertyValues("relay.providers.c.request-timeout=5s").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("relay.providers[c].kind")
                        .hasStackTraceContaining("must not be null"));
    }
}
