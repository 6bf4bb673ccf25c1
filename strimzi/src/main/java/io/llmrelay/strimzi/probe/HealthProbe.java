package io.llmrelay.strimzi.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * The container image's {@code HEALTHCHECK}: {@code GET} an Actuator health URL and exit 0 when it answers 2xx,
 * 1 otherwise (Docker's healthy / unhealthy). The runtime image is a bare JRE, without curl, wget or a compiler,
 * so the Dockerfile compiles this single file in its build stage; it depends on nothing but the JDK.
 * {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: no executor threads to start, so the
 * probe JVM lives a few hundred milliseconds.
 */
public final class HealthProbe {

    static final URI DEFAULT_URI = URI.create("http://127.0.0.1:8081/actuator/health/liveness");
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private HealthProbe() {
    }

    public static void main(String[] args) {
        URI uri = args.length > 0 ? URI.create(args[0]) : DEFAULT_URI;
        System.exit(check(uri, TIMEOUT) ? 0 : 1);
    }

    /** True when {@code uri} answers 2xx within {@code timeout} (for connecting, and again for the answer). */
    static boolean check(URI uri, Duration timeout) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            drain(connection, status);
            if (status / 100 == 2) {
                return true;
            }
            System.err.println("health check " + uri + " answered " + status);
            return false;
        } catch (IOException e) {
            System.err.println("health check " + uri + " failed: " + e);
            return false;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static void drain(HttpURLConnection connection, int status) throws IOException {
        try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (body != null) {
                body.transferTo(OutputStream.nullOutputStream());
            }
        }
    }
}
