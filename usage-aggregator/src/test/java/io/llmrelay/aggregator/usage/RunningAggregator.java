package io.llmrelay.aggregator.usage;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.llmrelay.aggregator.AggregatorApplication;
import org.jooq.DSLContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole aggregator application, started the way {@code main} starts it, against real Kafka and PostgreSQL. */
final class RunningAggregator implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningAggregator(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** {@code properties} are passed as command-line arguments, so they win over application.yaml. */
    static RunningAggregator start(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>();
        // fast feedback in tests: short polls, short back-off, and a pool that gives up quickly while PostgreSQL is down
        all.put("relay.aggregator.poll-timeout", "200ms");
        all.put("relay.aggregator.retry.initial-backoff", "100ms");
        all.put("relay.aggregator.retry.max-backoff", "1s");
        all.put("spring.datasource.hikari.connection-timeout", "1000");
        // the management server on a free port: tests may run aggregators side by side
        all.put("server.port", "0");
        all.putAll(properties);
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new RunningAggregator(new SpringApplicationBuilder(AggregatorApplication.class).run(args));
    }

    UsageMetrics metrics() {
        return context.getBean(UsageMetrics.class);
    }

    /** False once the context is closed, by {@link #close()} or by the application itself. */
    boolean active() {
        return context.isActive();
    }

    /** The aggregator's one web server carries only the actuator. */
    URI managementUri(String path) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    DSLContext dsl() {
        return context.getBean(DSLContext.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
