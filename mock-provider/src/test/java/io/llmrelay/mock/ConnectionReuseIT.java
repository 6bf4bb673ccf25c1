package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Hundreds of sequential loopback requests over 300 connections: over a second, hence an IT. */
class ConnectionReuseIT {

    /** Above the JDK server's default of 200 idle connections, past which it closes kept-alive ones. */
    private static final int POOL_SIZE = 300;

    @Test
    void keepsAPoolOfMoreThan200IdleConnectionsOpenForTheNextRequest() throws IOException {
        String body = ChatClient.request("hi").toString();
        List<KeptAliveConnection> pool = new ArrayList<>();
        try (MockProvider mock = MockProvider.start(MockBehaviour.healthy())) {
            for (int i = 0; i < POOL_SIZE; i++) {
                pool.add(new KeptAliveConnection(mock.baseUrl()));
            }
            for (KeptAliveConnection connection : pool) {
                assertThat(connection.chat(body)).isEqualTo(200);
            }

            // now all are idle at once: each must still take a second request
            int reused = 0;
            for (KeptAliveConnection connection : pool) {
                reused += connection.chat(body) == 200 ? 1 : 0;
            }

            assertThat(reused).isEqualTo(POOL_SIZE);
        } finally {
            for (KeptAliveConnection connection : pool) {
                connection.close();
            }
        }
    }
}
