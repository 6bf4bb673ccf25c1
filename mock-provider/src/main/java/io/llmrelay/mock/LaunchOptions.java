package io.llmrelay.mock;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of the runnable mock: each from a {@code --flag}, else an environment variable, else its
 * default. A bad value fails with the option's names and the value, before anything listens.
 */
record LaunchOptions(InetAddress bindAddress, int port, MockBehaviour behaviour) {

    /** One option, spelled as a flag and as an environment variable. */
    enum Option {
        BIND_ADDRESS("--bind-address", "MOCK_BIND_ADDRESS", "127.0.0.1", "address to listen on; 0.0.0.0 in a container"),
        PORT("--port", "MOCK_PORT", "8090", "port to listen on; 0 picks a free one"),
        LATENCY_MS("--latency-ms", "MOCK_LATENCY_MS", "0", "milliseconds to wait before each answer"),
        ERROR_RATE("--error-rate", "MOCK_ERROR_RATE", "0", "fraction of requests answered 500, 0..1"),
        RATE_LIMIT_RATE("--rate-limit-rate", "MOCK_RATE_LIMIT_RATE", "0", "fraction answered 429, 0..1"),
        RETRY_AFTER_MS("--retry-after-ms", "MOCK_RETRY_AFTER_MS", "1000", "retry delay a 429 announces, milliseconds"),
        MALFORMED_RATE("--malformed-rate", "MOCK_MALFORMED_RATE", "0", "fraction answered 200 with broken JSON, 0..1"),
        REQUIRED_API_KEY("--required-api-key", "MOCK_REQUIRED_API_KEY", "", "only bearer key accepted; empty: any");

        final String flag;
        final String env;
        final String defaultValue;
        final String meaning;

        Option(String flag, String env, String defaultValue, String meaning) {
            this.flag = flag;
            this.env = env;
            this.defaultValue = defaultValue;
            this.meaning = meaning;
        }
    }

    static LaunchOptions parse(List<String> args, Map<String, String> env) {
        Map<Option, String> raw = fromFlags(args);
        Values values = new Values(raw, env);
        InetAddress bindAddress = values.address(Option.BIND_ADDRESS);
        int port = values.integer(Option.PORT, 0, 65_535);
        Duration latency = Duration.ofMillis(values.integer(Option.LATENCY_MS, 0, Integer.MAX_VALUE));
        double errorRate = values.fraction(Option.ERROR_RATE);
        double rateLimitRate = values.fraction(Option.RATE_LIMIT_RATE);
        Duration retryAfter = Duration.ofMillis(values.integer(Option.RETRY_AFTER_MS, 0, Integer.MAX_VALUE));
        double malformedRate = values.fraction(Option.MALFORMED_RATE);
        String requiredApiKey = values.text(Option.REQUIRED_API_KEY);
        try {
            return new LaunchOptions(bindAddress, port, new MockBehaviour(latency, errorRate, rateLimitRate, retryAfter,
                    malformedRate, requiredApiKey.isEmpty() ? null : requiredApiKey));
        } catch (IllegalArgumentException e) {
            // each rate was valid on its own, so it is their combination that is not
            throw new IllegalArgumentException("invalid combination of " + Option.ERROR_RATE.env + ", "
                    + Option.RATE_LIMIT_RATE.env + " and " + Option.MALFORMED_RATE.env + ": " + e.getMessage(), e);
        }
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("usage: MockProviderMain [--flag value | --flag=value]...\n");
        for (Option option : Option.values()) {
            usage.append(String.format("  %-20s %-24s default %-10s %s%n", option.flag, option.env,
                    option.defaultValue.isEmpty() ? "(none)" : option.defaultValue, option.meaning));
        }
        return usage.toString();
    }

    private static Map<Option, String> fromFlags(List<String> args) {
        Map<Option, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            Option option = byFlag(flag);
            if (equals >= 0) {
                values.put(option, arg.substring(equals + 1));
            } else if (i + 1 < args.size()) {
                values.put(option, args.get(++i));
            } else {
                throw new IllegalArgumentException("option " + flag + " needs a value");
            }
        }
        return values;
    }

    private static Option byFlag(String flag) {
        for (Option option : Option.values()) {
            if (option.flag.equals(flag)) {
                return option;
            }
        }
        throw new IllegalArgumentException("unknown option '" + flag + "'\n" + usage());
    }

    /** Resolves flag over environment over default, and converts with a message naming the option. */
    private record Values(Map<Option, String> flags, Map<String, String> env) {

        String text(Option option) {
            String value = flags.get(option);
            if (value == null) {
                value = env.get(option.env);
            }
            return value == null ? option.defaultValue : value.strip();
        }

        int integer(Option option, int min, int max) {
            String value = text(option);
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
                throw invalid(option, value, "a whole number from " + min + " to " + max, null);
            } catch (NumberFormatException e) {
                throw invalid(option, value, "a whole number from " + min + " to " + max, e);
            }
        }

        double fraction(Option option) {
            String value = text(option);
            try {
                double parsed = Double.parseDouble(value);
                if (parsed >= 0.0 && parsed <= 1.0) {
                    return parsed;
                }
                throw invalid(option, value, "a fraction from 0 to 1, e.g. 0.05", null);
            } catch (NumberFormatException e) {
                throw invalid(option, value, "a fraction from 0 to 1, e.g. 0.05", e);
            }
        }

        InetAddress address(Option option) {
            String value = text(option);
            try {
                return InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                throw invalid(option, value, "an IP address such as 127.0.0.1 or 0.0.0.0, or a resolvable host name", e);
            }
        }

        private static IllegalArgumentException invalid(Option option, String value, String expected, Exception cause) {
            return new IllegalArgumentException("invalid value '" + value + "' for " + option.env + " / " + option.flag
                    + ": expected " + expected, cause);
        }
    }
}
