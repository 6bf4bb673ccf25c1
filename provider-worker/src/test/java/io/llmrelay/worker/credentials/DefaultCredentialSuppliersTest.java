package io.llmrelay.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.Secret;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DefaultCredentialSuppliersTest {

    private final CapturedEvents captured = new CapturedEvents();
    private final MemorySource source = new MemorySource();

    @Test
    void anInlineKeyIsCheckedAndUsedAsIs() throws CredentialUnavailableException {
        CredentialSuppliers suppliers = suppliers(CredentialsSettings.SourceType.NONE, Map.of());

        CredentialSupplier supplier = suppliers.forProvider("openai", ProviderKind.OPENAI,
                Secret.of("sk-it-0123456789abcdef"));

        assertThat(supplier.current().name()).isEqualTo("relay.providers.openai.api-key");
        assertThat(suppliers.forProvider("openai", ProviderKind.OPENAI, Secret.of("sk-it-0123456789abcdef")))
                .isSameAs(supplier);
        assertThat(supplier.rejected(supplier.current())).isEmpty();
        assertThat(captured.actions()).containsExactly("credential.loaded", "provider.credential_rejected");
        assertThat(suppliers.forProvider("mock", ProviderKind.OPENAI_COMPATIBLE, Secret.of("bench")).current()
                .secret().reveal()).isEqualTo("bench");
    }

    @Test
    void anInlineKeyOfTheWrongFormatFailsStartUpNamingTheProperty() {
        CredentialSuppliers suppliers = suppliers(CredentialsSettings.SourceType.NONE, Map.of());

        assertThatThrownBy(() -> suppliers.forProvider("claude", ProviderKind.ANTHROPIC,
                Secret.of("sk-proj-0123456789abcdef0123")))
                .hasMessage("relay.providers.claude.api-key is not a valid ANTHROPIC key: it does not start with"
                        + " 'sk-ant-'");
    }

    @Test
    void aProviderWithoutAnyCredentialFailsStartUp() {
        assertThatThrownBy(() -> suppliers(CredentialsSettings.SourceType.NONE, Map.of())
                .forProvider("openai", ProviderKind.OPENAI, null))
                .hasMessage("provider 'openai' has no credential: set relay.providers.openai.api-key, or"
                        + " relay.credentials.source with an entry openai-api-key, or relay.credentials.oauth2.openai");
        CredentialsSettings.OAuth2 noSecret = new CredentialsSettings.OAuth2(URI.create("https://login.example/t"),
                "app", null, null, Duration.ofSeconds(5));
        assertThatThrownBy(() -> suppliers(CredentialsSettings.SourceType.NONE, Map.of("azure", noSecret))
                .forProvider("azure", ProviderKind.AZURE_OPENAI, null))
                .hasMessageContaining("relay.credentials.oauth2.azure.client-secret is unset");
    }

    @Test
    void withASourceTheEntriesAreUsedAndOAuth2WinsWhereConfigured() throws CredentialUnavailableException {
        source.put("openai-api-key", "sk-proj-0123456789abcdef0123");
        CredentialsSettings.OAuth2 azure = new CredentialsSettings.OAuth2(URI.create("https://login.example/t"),
                "app", null, null, Duration.ofSeconds(5));
        CredentialSuppliers suppliers = suppliers(CredentialsSettings.SourceType.ENV, Map.of("azure", azure));

        assertThat(suppliers.forProvider("openai", ProviderKind.OPENAI, null).current().name())
                .isEqualTo("memory/openai-api-key");
        assertThat(suppliers.forProvider("azure", ProviderKind.AZURE_OPENAI, Secret.of("ignored")))
                .isInstanceOf(OAuth2TokenSupplier.class);
    }

    private CredentialSuppliers suppliers(CredentialsSettings.SourceType type,
                                          Map<String, CredentialsSettings.OAuth2> oauth2) {
        CredentialsSettings settings = new CredentialsSettings(type, new CredentialsSettings.Kubernetes(null,
                "external-api-secrets"), new CredentialsSettings.File(null, Duration.ofSeconds(2)), null, null, false,
                oauth2);
        return new DefaultCredentialSuppliers(settings, source, new EntryDecoder(new EnvelopeCipher(
                KeyEncryptionKeys.none()), false), captured.credentialEvents(), HttpClient.newHttpClient(),
                JsonMapper.builder().build(), Clock.systemUTC());
    }
}
