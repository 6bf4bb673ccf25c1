package io.llmrelay.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.llmrelay.aggregator.AggregatorApplication;
import io.llmrelay.ingest.IngestApplication;
import io.llmrelay.worker.WorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Starts one service on the shared classpath of the local runner (all three services and their
 * dependencies): it sees only its own {@code application.yaml}, and services without a database do not
 * configure one from the aggregator's driver. {@code main} starts one service in its own JVM, e.g. a
 * second worker for a benchmark: {@code ServiceLauncher provider-worker --relay...=...}.
 */
public final class ServiceLauncher {

    /**
     * Only the aggregator uses a database; on the shared classpath the others would otherwise try to
     * configure one from the aggregator's JDBC driver, Flyway and jOOQ.
     */
    static final String NO_DATABASE = "--spring.autoconfigure.exclude="
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
            + "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration";

    private static final Map<String, Class<?>> SERVICES = Map.of(
            "request-ingest", IngestApplication.class,
            "provider-worker", WorkerApplication.class,
            "usage-aggregator", AggregatorApplication.class);

    private ServiceLauncher() {
    }

    public static ConfigurableApplicationContext start(String service, List<String> args) {
        Class<?> application = SERVICES.get(service);
        if (application == null) {
            throw new IllegalArgumentException("unknown service '" + service + "'; one of " + SERVICES.keySet());
        }
        List<String> all = new ArrayList<>(args);
        if (application != AggregatorApplication.class) {
            all.add(NO_DATABASE);
        }
        return new SpringApplicationBuilder(application)
                .resourceLoader(new DefaultResourceLoader(new OwnConfigClassLoader(application)))
                .run(all.toArray(String[]::new));
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ServiceLauncher <" + String.join("|", SERVICES.keySet()) + "> [--property=value ...]");
            System.exit(2);
        }
        start(args[0], withFreeManagementPort(args[0], Arrays.asList(args).subList(1, args.length)));
    }

    /**
     * A service launched on its own, next to a local stack, would take the actuator's default 8081, which the
     * stack's ingest holds: unless the arguments name its management port, it gets a free one. The worker and the
     * aggregator serve the actuator on their only server (server.port); ingest on management.server.port.
     */
    static List<String> withFreeManagementPort(String service, List<String> args) {
        String property = "request-ingest".equals(service) ? "--management.server.port=" : "--server.port=";
        if (args.stream().anyMatch(arg -> arg.startsWith(property))) {
            return args;
        }
        List<String> all = new ArrayList<>(args);
        all.add(property + "0");
        return all;
    }
}
