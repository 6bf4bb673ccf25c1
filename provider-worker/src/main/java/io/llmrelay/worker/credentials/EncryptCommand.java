package io.llmrelay.worker.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For operators: encrypts one credential value (read from standard input, so it stays out of the shell history and
 * the process list) into the {@code enc:v1} envelope the worker decrypts, or generates a new key-encryption key.
 * Prints only the result; needs nothing but the JDK and this jar.
 *
 * <pre>
 * java -cp provider-worker.jar io.llmrelay.worker.credentials.EncryptCommand --generate-kek --kek-id k2026
 * printf %s "$KEY" | java -cp provider-worker.jar io.llmrelay.worker.credentials.EncryptCommand \
 *     --kek-file keks.properties --kek-id k2026 --entry openai-api-key
 * </pre>
 */
public final class EncryptCommand {

    private static final String USAGE = """
            usage: EncryptCommand --kek-file <file> --kek-id <id> --entry <entry-name>   (value on standard input)
                   EncryptCommand --generate-kek --kek-id <id>""";

    private EncryptCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** @return the exit status: 0 done, 2 bad arguments or input */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        boolean generate = false;
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            switch (arg) {
                case "--generate-kek" -> generate = true;
                case "--kek-file", "--kek-id", "--entry" -> {
                    if (i + 1 >= list.size()) {
                        return usage(err, arg + " needs a value");
                    }
                    options.put(arg, list.get(++i));
                }
                default -> {
                    return usage(err, "unknown argument " + arg);
                }
            }
        }
        try {
            if (generate) {
                if (!options.containsKey("--kek-id")) {
                    return usage(err, "--generate-kek needs --kek-id");
                }
                out.println(KeyEncryptionKeys.generate(options.get("--kek-id")));
                return 0;
            }
            for (String required : List.of("--kek-file", "--kek-id", "--entry")) {
                if (!options.containsKey(required)) {
                    return usage(err, required + " is required");
                }
            }
            return encrypt(options, in, out, err);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static int encrypt(Map<String, String> options, InputStream in, PrintStream out, PrintStream err) {
        Path kekFile = Path.of(options.get("--kek-file"));
        KeyEncryptionKeys keks;
        String value;
        try {
            keks = KeyEncryptionKeys.parse(Files.readString(kekFile, StandardCharsets.UTF_8), kekFile.toString());
            value = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            err.println("cannot read: " + e);
            return 2;
        }
        if (value.isEmpty()) {
            err.println("no value on standard input");
            return 2;
        }
        out.println(new EnvelopeCipher(keks).encrypt(options.get("--entry"), options.get("--kek-id"), value));
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println(USAGE);
        return 2;
    }
}
