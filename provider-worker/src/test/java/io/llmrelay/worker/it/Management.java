package io.llmrelay.worker.it;

import java.net.URI;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Where the worker's management endpoints are; calls go through the testkit's ManagementEndpoints. */
final class Management {

    private Management() {
    }

    /** The worker's one web server carries only the actuator. */
    static URI uri(ConfigurableApplicationContext worker, String path) {
        int port = ((WebServerApplicationContext) worker).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
