package io.llmrelay.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.llmrelay.worker.provider.ProviderKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes source against fabric8's mock API server (CRUD mode: it stores what is written, lists, watches).
 * The mock does not turn {@code stringData} into {@code data}, so the tests write {@code data} base64-encoded, as
 * the API server returns it.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesSecretSourceIT {

    private static final String NAMESPACE = "llm-relay";
    private static final String SECRET = "external-api-secrets";
    private static final String KEY_1 = "sk-proj-first-0123456789abcdef";
    private static final String KEY_2 = "sk-proj-second-0123456789abcdef";
    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(10);

    KubernetesMockServer server;
    KubernetesClient client;

    private final CapturedEvents captured = new CapturedEvents();
    private final EnvelopeCipher cipher = new EnvelopeCipher(KeyEncryptionKeys.parse(KeyEncryptionKeys.generate("k1"),
            "test"));
    private KubernetesSecretSource source;

    @BeforeEach
    void namespace() {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(NAMESPACE).endMetadata().build()).create();
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void aKeyRotatedInTheSecretIsUsedWithinSecondsWithoutARestart() throws CredentialUnavailableException {
        writeSecret(Map.of("openai-api-key", KEY_1));
        CredentialSupplier supplier = supplier();
        assertThat(supplier.current().secret().reveal()).isEqualTo(KEY_1);
        assertThat(supplier.current().name()).isEqualTo(SECRET + "/openai-api-key");

        writeSecret(Map.of("openai-api-key", KEY_2));

        await().atMost(WITHIN_SECONDS).until(() -> supplier.current().secret().reveal().equals(KEY_2));
        assertThat(captured.actions()).containsExactly("credential.loaded", "credential.rotated");
    }

    @Test
    void listsAndWatchesTheOneSecretByNameOnly() throws Exception {
        writeSecret(Map.of("openai-api-key", KEY_1));
        int before = server.getRequestCount();
        supplier();
        source.readFresh();

        List<String> paths = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            paths.add(request.getMethod() + " " + request.getPath());
        }
        List<String> secretRequests = paths.subList(Math.min(before, paths.size()), paths.size()).stream()
                .filter(p -> p.contains("/secrets")).toList();
        assertThat(secretRequests).isNotEmpty().allSatisfy(path -> assertThat(path).satisfiesAnyOf(
                p -> assertThat(p).contains("/namespaces/" + NAMESPACE + "/secrets?")
                        .contains("fieldSelector=metadata.name%3D" + SECRET),
                p -> assertThat(p).startsWith("GET /api/v1/namespaces/" + NAMESPACE + "/secrets/" + SECRET)));
        assertThat(secretRequests).anyMatch(p -> p.contains("watch=true"));
    }

    @Test
    void aFreshReadSeesTheSecretAsTheApiServerHasItNow() throws Exception {
        writeSecret(Map.of("openai-api-key", KEY_1));
        supplier();

        writeSecret(Map.of("openai-api-key", KEY_1, "openai-api-key-2", KEY_2));

        assertThat(source.readFresh()).containsOnlyKeys("openai-api-key", "openai-api-key-2");
    }

    @Test
    void aSecretCreatedAfterStartUpIsPickedUpAndADeletedOneLeavesNoKeys() throws CredentialUnavailableException {
        CredentialSupplier supplier = supplier();
        assertThatThrownBy(supplier::current).hasMessage("provider 'openai' has no usable credential in " + SECRET
                + ": no entry openai-api-key");

        writeSecret(Map.of("openai-api-key-2", KEY_2));
        await().atMost(WITHIN_SECONDS).until(() -> supplier.current().secret().reveal().equals(KEY_2));

        client.secrets().inNamespace(NAMESPACE).withName(SECRET).delete();
        await().atMost(WITHIN_SECONDS).untilAsserted(() -> assertThatThrownBy(supplier::current)
                .isInstanceOf(CredentialUnavailableException.class));
        assertThat(captured.actions()).containsExactly("credential.loaded", "credential.removed");
    }

    @Test
    void ignoresOtherSecrets() throws CredentialUnavailableException {
        writeSecret(Map.of("openai-api-key", KEY_1));
        CredentialSupplier supplier = supplier();

        client.secrets().inNamespace(NAMESPACE).resource(secret("other-secrets", Map.of("openai-api-key", KEY_2)))
                .create();
        writeSecret(Map.of("openai-api-key", KEY_1, "unrelated", "x"));

        await().atMost(WITHIN_SECONDS).until(() -> source.read().containsKey("unrelated"));
        assertThat(supplier.current().secret().reveal()).isEqualTo(KEY_1);
    }

    private CredentialSupplier supplier() {
        source = new KubernetesSecretSource(client, NAMESPACE, SECRET, false);
        return SourceCredentialSupplier.start("openai", ProviderKind.OPENAI, source, new EntryDecoder(cipher, true),
                captured.credentialEvents());
    }

    /** Creates or replaces the Secret, every value envelope-encrypted as the worker requires. */
    private void writeSecret(Map<String, String> plain) {
        Map<String, String> encrypted = new java.util.HashMap<>();
        plain.forEach((entry, value) -> encrypted.put(entry, value.startsWith("sk-")
                ? cipher.encrypt(entry, "k1", value) : value));
        client.secrets().inNamespace(NAMESPACE).resource(secret(SECRET, encrypted)).createOr(
                existing -> existing.update());
    }

    private static Secret secret(String name, Map<String, String> values) {
        Map<String, String> data = new java.util.HashMap<>();
        values.forEach((entry, value) -> data.put(entry,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withData(data).build();
    }
}
