package io.llmrelay.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class CredentialsSettingsTest {

    // not a @Configuration: the worker's component scan in the integration tests must not pick it up
    @EnableConfigurationProperties(CredentialsSettings.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bindsTheDocumentedDefaults() {
        runner.run(context -> {
            CredentialsSettings settings = context.getBean(CredentialsSettings.class);
            assertThat(settings.source()).isEqualTo(CredentialsSettings.SourceType.NONE);
            assertThat(settings.kubernetes().secretName()).isEqualTo("external-api-secrets");
            assertThat(settings.kubernetes().namespace()).isNotBlank();
            assertThat(settings.file().pollInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(settings.oauth2()).isEmpty();
            assertThat(settings.encryptionRequired()).isFalse();
            assertThat(settings.keyEncryptionKeys().isEmpty()).isTrue();
        });
    }

    @Test
    void kubernetesRequiresEncryptionAndAKek() {
        runner.withPropertyValues("relay.credentials.source=kubernetes").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                        "relay.credentials.source is kubernetes and encrypted entries are required, but no"
                                + " key-encryption key is configured: set relay.credentials.kek-file or"
                                + " RELAY_CREDENTIALS_KEKS"));
        runner.withPropertyValues("relay.credentials.source=kubernetes", "relay.credentials.require-encryption=false")
                .run(context -> assertThat(context.getBean(CredentialsSettings.class).encryptionRequired()).isFalse());
    }

    @Test
    void keksAreBoundFromTheEnvironmentAndNeverPrinted() {
        String kek = KeyEncryptionKeys.generate("k2026");
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("RELAY_CREDENTIALS_KEKS", kek,
                "RELAY_CREDENTIALS_SOURCE", "kubernetes", "RELAY_CREDENTIALS_KUBERNETES_NAMESPACE", "relay-prod"));
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addLast(environment))
                .run(context -> {
                    CredentialsSettings settings = context.getBean(CredentialsSettings.class);
                    assertThat(settings.encryptionRequired()).isTrue();
                    assertThat(settings.kubernetes().namespace()).isEqualTo("relay-prod");
                    assertThat(settings.keyEncryptionKeys().ids()).containsExactly("k2026");
                    assertThat(settings.toString()).doesNotContain(kek.substring(6));
                });
    }

    @Test
    void bindsAnOAuth2ClientFromTheEnvironment() {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "RELAY_CREDENTIALS_OAUTH2_AZURE_TOKEN_URL", "https://login.example/t/oauth2/v2.0/token",
                "RELAY_CREDENTIALS_OAUTH2_AZURE_CLIENT_ID", "app-1",
                "RELAY_CREDENTIALS_OAUTH2_AZURE_CLIENT_SECRET", "client-secret-value"));
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addLast(environment))
                .run(context -> {
                    CredentialsSettings settings = context.getBean(CredentialsSettings.class);
                    assertThat(settings.oauth2()).containsOnlyKeys("azure");
                    assertThat(settings.oauth2().get("azure").clientId()).isEqualTo("app-1");
                    assertThat(settings.oauth2().get("azure").clientSecret().reveal()).isEqualTo("client-secret-value");
                    assertThat(settings.toString()).doesNotContain("client-secret-value");
                });
    }

    @Test
    void aFileSourceNeedsAPath() {
        runner.withPropertyValues("relay.credentials.source=file").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                        "relay.credentials.file.path is required when relay.credentials.source is file"));
        runner.withPropertyValues("relay.credentials.source=file", "relay.credentials.file.path=/etc/relay/keys")
                .run(context -> assertThat(context.getBean(CredentialsSettings.class).file().path())
                        .isEqualTo(Path.of("/etc/relay/keys")));
    }

    @Test
    void bindsOAuth2ClientsByProviderAndValidatesThem() {
        runner.withPropertyValues("relay.credentials.oauth2.azure.token-url=https://login.example/t/oauth2/v2.0/token",
                "relay.credentials.oauth2.azure.client-id=app-1",
                "relay.credentials.oauth2.azure.scope=https://cognitiveservices.azure.com/.default").run(context -> {
                    CredentialsSettings.OAuth2 azure = context.getBean(CredentialsSettings.class).oauth2().get("azure");
                    assertThat(azure.tokenUrl()).isEqualTo(URI.create("https://login.example/t/oauth2/v2.0/token"));
                    assertThat(azure.clientId()).isEqualTo("app-1");
                    assertThat(azure.clientSecret()).isNull();
                    assertThat(azure.timeout()).isEqualTo(Duration.ofSeconds(5));
                });
        runner.withPropertyValues("relay.credentials.oauth2.azure.token-url=https://login.example/token")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "relay.credentials.oauth2[azure].clientId"));
    }
}
