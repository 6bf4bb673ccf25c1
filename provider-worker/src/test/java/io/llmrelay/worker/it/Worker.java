package io.llmrelay.worker.it;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.llmrelay.worker.WorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Command-line arguments of a worker wired to a test's topics and mock provider, and starting one in-process. */
final class Worker {

    static final String API_KEY = "sk-it-0123456789abcdef";

    private Worker() {
    }

    static List<String> args(RelayTopics topics, URI providerUrl, String groupId, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                // the management server on a free port: several workers run side by side in a test
                "--server.port=0",
                "--relay.kafka.bootstrap-servers=" + topics.bootstrapServers(),
                "--relay.kafka.topic-prefix=" + topics.prefix,
                "--relay.worker.group-id=" + groupId,
                "--relay.provider.base-url=" + providerUrl,
                "--relay.provider.api-key=" + API_KEY));
        args.addAll(List.of(extra));
        return args;
    }

    /**
     * {@code base} with each of {@code overrides} in place of the option of the same name: a repeated option would be
     * joined into a list ("0,3").
     */
    static List<String> overriding(List<String> base, String... overrides) {
        List<String> args = new ArrayList<>(base);
        for (String option : overrides) {
            String key = option.substring(0, option.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(key));
            args.add(option);
        }
        return args;
    }

    static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(WorkerApplication.class).run(args.toArray(String[]::new));
    }
}
