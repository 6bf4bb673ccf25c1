package io.llmrelay.worker.credentials;

import java.io.IOException;
import java.util.Map;

import io.llmrelay.worker.provider.Secret;

/**
 * Where provider credentials are stored: named entries ({@code openai-api-key}, {@code openai-api-key-2},
 * {@code azure-client-secret}) with their raw values, which may still be encrypted ({@link EnvelopeCipher}).
 * A source that can change tells its listeners, so a rotated key is used without a restart.
 */
interface CredentialSource extends AutoCloseable {

    /** What the source is, for credential names and messages: {@code external-api-secrets}, {@code env}, a path. */
    String name();

    /** The entries as last seen; cheap (a cache or a small read), called on every change. */
    Map<String, Secret> read() throws IOException;

    /**
     * The entries as they are now at the origin, bypassing any cache: called once after a provider rejected a key,
     * as the rotated key may not have reached the cache yet. Defaults to {@link #read()}.
     */
    default Map<String, Secret> readFresh() throws IOException {
        return read();
    }

    /** {@code listener} runs, on the source's own thread, after the entries may have changed. */
    void onChange(Runnable listener);

    @Override
    void close();

    /** No source: only inline keys. */
    static CredentialSource none() {
        return new CredentialSource() {
            @Override
            public String name() {
                return "none";
            }

            @Override
            public Map<String, Secret> read() {
                return Map.of();
            }

            @Override
            public void onChange(Runnable listener) {
            }

            @Override
            public void close() {
            }
        };
    }
}
