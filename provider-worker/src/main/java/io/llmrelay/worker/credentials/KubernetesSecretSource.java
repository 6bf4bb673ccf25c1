package io.llmrelay.worker.credentials;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries from one Kubernetes Secret ({@code external-api-secrets} by default), kept current by an informer: a
 * key rotated in the Secret reaches the worker within about a second, without a restart. The informer lists and
 * watches with the field selector {@code metadata.name=<secret>}, so the worker's Role needs {@code get},
 * {@code list} and {@code watch} on that one Secret only. A deleted Secret leaves no entries (the providers
 * become unavailable) rather than keeping keys that were revoked.
 */
final class KubernetesSecretSource implements CredentialSource {

    private static final Logger log = LoggerFactory.getLogger(KubernetesSecretSource.class);
    /**
     * Of a list or get (not the watch): the re-read after a rejection runs while the provider call waits, so it is
     * bounded well below fabric8's default of 10 s; reading one Secret takes milliseconds.
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final String namespace;
    private final String secretName;
    private final boolean ownsClient;
    private final SourceListeners listeners = new SourceListeners();
    private final SharedIndexInformer<Secret> informer;
    private volatile Map<String, io.llmrelay.worker.provider.Secret> entries = Map.of();

    /**
     * Starts the informer and returns once its first list is in (an absent Secret gives no entries).
     *
     * @param ownsClient whether {@link #close()} closes {@code client} too
     */
    KubernetesSecretSource(KubernetesClient client, String namespace, String secretName, boolean ownsClient) {
        this.client = client;
        this.namespace = namespace;
        this.secretName = secretName;
        this.ownsClient = ownsClient;
        this.informer = client.secrets().inNamespace(namespace).withName(secretName).inform(new Handler());
    }

    /**
     * With the client's usual configuration: in a pod, its service account; elsewhere, {@code ~/.kube/config}.
     *
     * @throws IllegalStateException naming the Secret when the informer cannot start (no API server, RBAC)
     */
    static KubernetesSecretSource inCluster(String namespace, String secretName) {
        Config config = Config.autoConfigure(null);
        config.setRequestTimeout((int) REQUEST_TIMEOUT.toMillis());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        try {
            return new KubernetesSecretSource(client, namespace, secretName, true);
        } catch (RuntimeException e) {
            client.close();
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("relay.credentials.source is kubernetes, but the Secret " + namespace + "/"
                    + secretName + " cannot be listed and watched (" + root + "); the worker needs get, list and"
                    + " watch on it, and the Kubernetes API must be reachable", e);
        }
    }

    @Override
    public String name() {
        return secretName;
    }

    @Override
    public Map<String, io.llmrelay.worker.provider.Secret> read() {
        return entries;
    }

    /** A GET of the Secret: what the API server has now, even if the watch has not delivered it yet. */
    @Override
    public Map<String, io.llmrelay.worker.provider.Secret> readFresh() {
        try {
            Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
            update(secret);
        } catch (KubernetesClientException e) {
            log.warn("cannot read Secret {}/{} ({}, HTTP {}); keeping the entries the informer has", namespace,
                    secretName, e.getClass().getSimpleName(), e.getCode());
        }
        return entries;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        informer.close();
        listeners.close();
        if (ownsClient) {
            client.close();
        }
    }

    private void update(Secret secret) {
        Map<String, io.llmrelay.worker.provider.Secret> now = decode(secret);
        synchronized (this) {
            if (sameValues(entries, now)) {
                return;
            }
            entries = now;
        }
        listeners.changed(name());
    }

    private static boolean sameValues(Map<String, io.llmrelay.worker.provider.Secret> a,
                                      Map<String, io.llmrelay.worker.provider.Secret> b) {
        return a.keySet().equals(b.keySet()) && a.entrySet().stream()
                .allMatch(e -> e.getValue().reveal().equals(b.get(e.getKey()).reveal()));
    }

    /** {@code data} values are base64 as the API server returns them; blank or undecodable ones are skipped. */
    private Map<String, io.llmrelay.worker.provider.Secret> decode(Secret secret) {
        Map<String, io.llmrelay.worker.provider.Secret> decoded = new TreeMap<>();
        if (secret == null || secret.getData() == null) {
            return Map.of();
        }
        secret.getData().forEach((entry, base64) -> {
            try {
                String value = new String(Base64.getMimeDecoder().decode(base64 == null ? "" : base64),
                        StandardCharsets.UTF_8);
                if (!value.isBlank()) {
                    decoded.put(entry, io.llmrelay.worker.provider.Secret.of(value));
                }
            } catch (IllegalArgumentException e) {
                log.error("entry '{}' of Secret {}/{} is not valid base64; ignored", entry, namespace, secretName);
            }
        });
        return Map.copyOf(decoded);
    }

    private final class Handler implements ResourceEventHandler<Secret> {

        @Override
        public void onAdd(Secret secret) {
            update(secret);
        }

        @Override
        public void onUpdate(Secret before, Secret after) {
            update(after);
        }

        @Override
        public void onDelete(Secret secret, boolean finalStateUnknown) {
            log.warn("Secret {}/{} was deleted; its provider credentials are gone", namespace, secretName);
            update(null);
        }
    }
}
