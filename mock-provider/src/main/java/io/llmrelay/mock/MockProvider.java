package io.llmrelay.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP server that stands in for a remote provider in tests, local runs and benchmarks: OpenAI's chat
 * completions, Azure OpenAI's deployment URLs and Anthropic's Messages API. It speaks the real wire format, errors included, so the code under test goes through
 * its real HTTP client, parsing and error classification.
 *
 * <p>Each request is handled on its own virtual thread, so a latency of seconds costs a parked
 * virtual thread, not a platform thread: tens of thousands of slow requests can be pending at once.
 *
 * <pre>{@code
 * try (MockProvider mock = MockProvider.start(MockBehaviour.healthy().withLatency(Duration.ofMillis(200)))) {
 *     URI chat = mock.baseUrl().resolve("/v1/chat/completions");
 *     ...
 *     mock.behaviour(MockBehaviour.healthy().withRateLimitRate(1.0)); // every request now answers 429
 * }
 * }</pre>
 */
public final class MockProvider implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MockProvider.class);
    /** Pending connections the kernel queues while the accept loop catches up with a burst (capped by somaxconn). */
    private static final int BACKLOG = 4096;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";

    static {
        // Once 200 kept-alive connections are idle, the JDK server closes each further one right after its
        // response, and a client that reuses it fails its next POST: with a pool of 1,000 connections a third of
        // the requests failed that way. Real providers keep idle connections open, so allow (practically) all of
        // them. The JDK reads this once, when the first HttpServer in the JVM is created; an explicit setting wins.
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, "1000000");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicReference<MockBehaviour> behaviour;
    private final ChatCompletionsHandler chat;
    private final URI baseUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MockProvider(HttpServer server, ExecutorService executor, AtomicReference<MockBehaviour> behaviour,
                         ChatCompletionsHandler chat, URI baseUrl) {
        this.server = server;
        this.executor = executor;
        this.behaviour = behaviour;
        this.chat = chat;
        this.baseUrl = baseUrl;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static MockProvider start(MockBehaviour behaviour) {
        return start(0, behaviour);
    }

    /** Starts on 127.0.0.1:{@code port}; port 0 picks a free one. */
    public static MockProvider start(int port, MockBehaviour behaviour) {
        return start(loopback(), port, behaviour);
    }

    /** Starts on {@code address:port}; the runnable main uses it to listen on all interfaces in a container. */
    static MockProvider start(InetAddress address, int port, MockBehaviour behaviour) {
        Objects.requireNonNull(behaviour, "behaviour");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, but was " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("mock provider could not listen on " + address.getHostAddress() + ":" + port
                    + " (" + e.getMessage() + "); pick another port, or 0 for any free one", e);
        }
        AtomicReference<MockBehaviour> current = new AtomicReference<>(behaviour);
        JsonMapper mapper = JsonMapper.builder().build();
        OpenAiJson json = new OpenAiJson(mapper);
        Clock clock = Clock.systemUTC();
        ChatCompletionsHandler chat = new ChatCompletionsHandler(current::get, mapper, clock);
        server.createContext(ChatCompletionsHandler.PATH, new Route(ChatCompletionsHandler.PATH, "POST", chat, json));
        server.createContext(AnthropicApi.PATH, new Route(AnthropicApi.PATH, "POST",
                chat.speaking(new AnthropicApi(mapper, clock)), json));
        server.createContext(AzureOpenAiApi.PREFIX, new Route(AzureOpenAiApi.PATH, "POST",
                chat.speaking(new AzureOpenAiApi(mapper)), json));
        server.createContext(ModelsHandler.PATH, new Route(ModelsHandler.PATH, "GET",
                ModelsHandler.openAiOrAnthropic(current::get, mapper, clock), json));
        server.createContext(ModelsHandler.AZURE_PATH, new Route(ModelsHandler.AZURE_PATH, "GET",
                ModelsHandler.azure(current::get, mapper, clock), json));
        server.createContext(HealthHandler.PATH, new Route(HealthHandler.PATH, "GET", new HealthHandler(), json));
        server.createContext("/", Route.notFound(json));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        MockProvider provider = new MockProvider(server, executor, current, chat, baseUrl(server.getAddress()));
        log.info("mock provider listening on {} with {}", provider.baseUrl, behaviour);
        return provider;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Replaces the behaviour; requests already past their checks finish with the one they started with. */
    public void behaviour(MockBehaviour behaviour) {
        this.behaviour.set(Objects.requireNonNull(behaviour, "behaviour"));
        log.info("mock provider on {} now {}", baseUrl, behaviour);
    }

    public MockBehaviour behaviour() {
        return behaviour.get();
    }

    /**
     * Limits chat requests as a provider's requests-per-minute limit does: at most {@code limit} per window of
     * {@code window}, windows aligned to the epoch; requests over it are answered 429 with a Retry-After until the next
     * window (after authentication and body checks, before any other behaviour).
     */
    public void limitRequests(int limit, Duration window) {
        chat.limit(new RequestWindow(limit, window, Clock.systemUTC()));
        log.info("mock provider on {} now allows {} chat requests per {}", baseUrl, limit, window);
    }

    /** The most chat requests admitted in one window of {@link #limitRequests}; 0 without a limit. */
    public int peakRequestsPerWindow() {
        RequestWindow window = chat.window();
        return window == null ? 0 : window.peak();
    }

    /** Chat requests refused for being over {@link #limitRequests}. */
    public long requestsRefusedByLimit() {
        RequestWindow window = chat.window();
        return window == null ? 0 : window.refused();
    }

    /** Chat requests received over any of the APIs, whatever they were answered with. */
    public long requestCount() {
        return chat.requestCount();
    }

    /** Chat completion requests received and not yet fully answered, e.g. waiting out their latency. */
    public int inFlight() {
        return chat.inFlight();
    }

    /**
     * Distinct credential header values seen, most recently seen last, at most the last 100: {@code Authorization}
     * for OpenAI, {@code x-api-key} for Anthropic, {@code api-key} (else {@code Authorization}) for Azure OpenAI.
     */
    public List<String> authorizationHeaders() {
        return chat.authorizations().values();
    }

    /** Stops listening and abandons requests still waiting out their latency; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("mock provider on {}: handlers still running {} s after close", baseUrl, CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("mock provider on {} closed after {} chat completion requests", baseUrl, requestCount());
    }

    private static URI baseUrl(InetSocketAddress bound) {
        // a wildcard address is not something a client can connect to; locally, loopback reaches it
        InetAddress address = bound.getAddress().isAnyLocalAddress() ? loopback() : bound.getAddress();
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + ":" + bound.getPort());
    }

    private static InetAddress loopback() {
        try {
            // literally 127.0.0.1: getLoopbackAddress() may answer ::1, and the contract is an IPv4 URL
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }
}
