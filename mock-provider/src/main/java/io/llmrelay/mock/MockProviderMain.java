package io.llmrelay.mock;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the mock provider as its own process, for the local runner and benchmarks:
 * {@code ./mvnw -q -pl mock-provider exec:java -Dexec.args="--latency-ms 200"} or
 * {@code java -cp <classpath> io.llmrelay.mock.MockProviderMain}. Options come from flags, then
 * environment variables ({@code --help} lists them). Runs until the process is stopped.
 */
public final class MockProviderMain {

    /** Exit status for a bad option, as for a command-line usage error. */
    private static final int USAGE_ERROR = 2;

    private MockProviderMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(LaunchOptions.usage());
            return;
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(arguments, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("mock-provider: " + e.getMessage());
            System.exit(USAGE_ERROR);
            return;
        }
        MockProvider provider = MockProvider.start(options.bindAddress(), options.port(), options.behaviour());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            provider.close();
            stopped.countDown();
        }, "mock-provider-shutdown"));
        System.out.println("mock-provider listening on " + provider.baseUrl() + " (chat: " + provider.baseUrl()
                + ChatCompletionsHandler.PATH + ")");
        stopped.await();
    }
}
