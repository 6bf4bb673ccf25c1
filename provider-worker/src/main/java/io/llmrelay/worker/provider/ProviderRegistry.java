package io.llmrelay.worker.provider;

import java.net.http.HttpClient;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configured providers by id ({@code relay.providers.<id>}, or the one {@code relay.provider}), each with its
 * adapter. Routes and targets name providers by id; an id that is not configured is a configuration error, so
 * the exception names the id and the ones that exist.
 *
 * <p>Owns each provider's {@link HttpClient} and shuts them down on close, without waiting: by then the consumer
 * has stopped, and calls still open were abandoned (their requests are redelivered).
 */
public final class ProviderRegistry implements AutoCloseable {

    private final Map<String, Registered> providers;
    private final List<HttpClient> clients;

    ProviderRegistry(Map<String, Registered> providers, List<HttpClient> clients) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("no provider is configured: set relay.providers.<id>.* or"
                    + " relay.provider.*");
        }
        this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        this.clients = List.copyOf(clients);
    }

    /** An adapter and the API it speaks. */
    record Registered(ProviderKind kind, ChatProvider provider) {
    }

    /** @throws UnknownProviderException when no provider has this id */
    public ChatProvider get(String providerId) {
        return registered(providerId).provider();
    }

    /** The ids in configuration order. */
    public Set<String> ids() {
        return providers.keySet();
    }

    /** @throws UnknownProviderException when no provider has this id */
    public ProviderKind kind(String providerId) {
        return registered(providerId).kind();
    }

    private Registered registered(String providerId) {
        Registered registered = providers.get(providerId);
        if (registered == null) {
            throw new UnknownProviderException("no provider '" + providerId + "' is configured (configured: "
                    + String.join(", ", providers.keySet()) + "); add relay.providers." + providerId
                    + ".* or fix the name");
        }
        return registered;
    }

    @Override
    public void close() {
        clients.forEach(HttpClient::shutdownNow);
    }

    /** A provider id that no {@code relay.providers} entry defines. */
    public static final class UnknownProviderException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        UnknownProviderException(String message) {
            super(message);
        }
    }
}
