package io.llmrelay.local;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local.sh [--demo] [--requests N]}: starts the pipeline, prints how to use it, and either
 * waits for Ctrl-C or, with {@code --demo}, sends sample traffic, prints results and usage rows, and exits.
 */
public final class LocalRunnerMain {

    private LocalRunnerMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        boolean demo = arguments.contains("--demo");
        int requests = intOption(arguments, "--requests", 20);
        LocalSettings settings = LocalSettings.fromEnvironment(System.getenv());
        QuietStart.consoleErrorsOnly();

        long startedAt = System.nanoTime();
        System.out.println("llm-relay: starting the local pipeline…");
        LocalStack stack = LocalStack.start(settings, part -> System.out.println("  starting " + part));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(stack::close));
        System.out.printf("%nllm-relay is up in %.1f s%n%n", (System.nanoTime() - startedAt) / 1e9);
        printEndpoints(stack, settings);

        if (demo) {
            boolean allAnswered = new Demo(stack, System.out).run(requests);
            stack.close();
            System.exit(allAnswered ? 0 : 1);
        }
        new CountDownLatch(1).await();
    }

    private static void printEndpoints(LocalStack stack, LocalSettings settings) {
        String base = stack.ingestUrl() + "/v1";
        System.out.println("  OpenAI-compatible API  " + base + "/chat/completions");
        System.out.println("  relay key              " + stack.relayKey());
        System.out.println("  Kafka bootstrap        " + stack.bootstrapServers());
        System.out.println("  PostgreSQL             " + stack.dbUrl() + "  (user " + stack.dbUser() + ")");
        System.out.println("  health (ingest)        " + stack.ingestManagementUrl() + "/actuator/health");
        System.out.println("  health (worker)        " + stack.workerManagementUrl() + "/actuator/health");
        System.out.println("  health (aggregator)    " + stack.aggregatorManagementUrl() + "/actuator/health");
        System.out.println("  metrics                /actuator/prometheus on the same three ports");
        System.out.println("  log file               " + stack.logFile());
        System.out.println("  provider               " + (settings.usesMockProvider()
                ? "mock provider at " + stack.providerBaseUrl() + " (set OPENAI_API_KEY for OpenAI)"
                : "OpenAI at " + stack.providerBaseUrl()));
        System.out.println();
        System.out.println("Try it:");
        System.out.println("  curl -s " + base + "/chat/completions -H 'Authorization: Bearer " + stack.relayKey() + "' \\");
        System.out.println("    -H 'Content-Type: application/json' \\");
        System.out.println("    -d '{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
        System.out.println();
    }

    private static int intOption(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a number");
        }
        try {
            int value = Integer.parseInt(args.get(i + 1));
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive number, was '" + args.get(i + 1) + "'");
        }
    }
}
