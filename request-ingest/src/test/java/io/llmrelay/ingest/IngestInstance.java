package io.llmrelay.ingest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A running request-ingest application on random ports (API and management), configured by command-line style properties. */
final class IngestInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private IngestInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static IngestInstance start(TestTopics topics, String... properties) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--relay.kafka.bootstrap-servers=" + topics.bootstrapServers(),
                "--relay.kafka.topic-prefix=" + topics.prefix()));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new IngestInstance(new SpringApplicationBuilder(IngestApplication.class).run(args.toArray(String[]::new)));
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** The actuator's port: its own, as in production, chosen at random like the API's. */
    URI managementUri(String path) {
        Integer port = context.getEnvironment().getProperty("local.management.port", Integer.class);
        if (port == null) {
            throw new IllegalStateException("the management server has not started");
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** False once the context is closed, by {@link #close()} or by the application itself. */
    boolean active() {
        return context.isActive();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
