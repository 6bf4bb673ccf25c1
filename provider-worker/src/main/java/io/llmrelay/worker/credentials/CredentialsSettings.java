package io.llmrelay.worker.credentials;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.llmrelay.worker.provider.Secret;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.credentials.*}: where provider keys come from when they are not configured inline, how they are
 * decrypted, and which providers get OAuth2 tokens instead of keys.
 *
 * @param source            {@code none} (inline keys only), {@code env}, {@code file} or {@code kubernetes}
 * @param kubernetes        the Secret read and watched when {@code source} is {@code kubernetes}
 * @param file              the file or directory read when {@code source} is {@code file}
 * @param kekFile           key-encryption keys, one {@code kek-id=base64(32 bytes)} per line
 * @param keks              the same, inline; bound from {@code RELAY_CREDENTIALS_KEKS}
 * @param requireEncryption whether a plain (not {@code enc:v1}) entry is refused; unset: true for {@code kubernetes},
 *                          false otherwise
 * @param oauth2            by provider id: providers that authenticate with client-credentials tokens
 */
@Validated
@ConfigurationProperties("relay.credentials")
public record CredentialsSettings(
        @NotNull @DefaultValue("none") SourceType source,
        @NotNull @Valid @DefaultValue Kubernetes kubernetes,
        @NotNull @Valid @DefaultValue File file,
        Path kekFile,
        Secret keks,
        Boolean requireEncryption,
        Map<String, @Valid OAuth2> oauth2) {

    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    public enum SourceType { NONE, ENV, FILE, KUBERNETES }

    public CredentialsSettings {
        oauth2 = oauth2 == null ? Map.of() : Map.copyOf(oauth2);
        if (source == SourceType.FILE && file != null && file.path() == null) {
            throw new IllegalArgumentException("relay.credentials.file.path is required when relay.credentials.source"
                    + " is file");
        }
        boolean required = requireEncryption != null ? requireEncryption : source == SourceType.KUBERNETES;
        if (required && source != SourceType.NONE && kekFile == null && keks == null) {
            throw new IllegalArgumentException("relay.credentials.source is " + source.name().toLowerCase()
                    + " and encrypted entries are required, but no key-encryption key is configured: set"
                    + " relay.credentials.kek-file or RELAY_CREDENTIALS_KEKS, or relay.credentials.require-encryption"
                    + "=false to accept plain entries");
        }
    }

    /** Whether entries must be envelopes; see {@code requireEncryption}. */
    public boolean encryptionRequired() {
        return requireEncryption != null ? requireEncryption : source == SourceType.KUBERNETES;
    }

    /** The KEKs of {@code kekFile} and {@code keks} together; none when neither is set. */
    KeyEncryptionKeys keyEncryptionKeys() {
        KeyEncryptionKeys all = KeyEncryptionKeys.none();
        if (kekFile != null) {
            try {
                all = all.and(KeyEncryptionKeys.parse(Files.readString(kekFile, StandardCharsets.UTF_8),
                        "relay.credentials.kek-file " + kekFile));
            } catch (IOException e) {
                throw new IllegalStateException("relay.credentials.kek-file: cannot read " + kekFile + " ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        }
        if (keks != null) {
            all = all.and(KeyEncryptionKeys.parse(keks.reveal(), "RELAY_CREDENTIALS_KEKS"));
        }
        return all;
    }

    /**
     * @param namespace  of the Secret; defaults to the pod's own (its service account's namespace file), else
     *                   {@code llm-relay}
     * @param secretName the Secret holding the entries
     */
    public record Kubernetes(String namespace, @NotBlank @DefaultValue("external-api-secrets") String secretName) {

        public Kubernetes {
            if (namespace == null || namespace.isBlank()) {
                namespace = podNamespace();
            }
        }

        private static String podNamespace() {
            try {
                if (Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)) {
                    String namespace = Files.readString(SERVICE_ACCOUNT_NAMESPACE, StandardCharsets.UTF_8).strip();
                    if (!namespace.isEmpty()) {
                        return namespace;
                    }
                }
            } catch (IOException e) {
                // not in a pod, or no service account mounted: the relay's usual namespace
            }
            return "llm-relay";
        }
    }

    /**
     * @param path         a directory with one file per entry (a mounted Secret) or a properties file
     * @param pollInterval how often it is read again for changes
     */
    public record File(Path path, @NotNull @DurationMin(millis = 100) @DefaultValue("2s") Duration pollInterval) {
    }

    /**
     * A client-credentials grant.
     *
     * @param tokenUrl     e.g. {@code https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token}
     * @param clientId     the application (client) id
     * @param scope        e.g. {@code https://cognitiveservices.azure.com/.default}; unset sends none
     * @param clientSecret inline; unset reads the entry {@code <provider>-client-secret} from the source
     * @param timeout      of one token request
     */
    public record OAuth2(@NotNull URI tokenUrl, @NotBlank String clientId, String scope, Secret clientSecret,
                         @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration timeout) {

        public OAuth2 {
            if (tokenUrl != null && !("https".equals(tokenUrl.getScheme()) || "http".equals(tokenUrl.getScheme()))) {
                throw new IllegalArgumentException("token-url must be an http or https URL, was '" + tokenUrl + "'");
            }
            if (scope != null && scope.isBlank()) {
                scope = null;
            }
        }
    }
}
