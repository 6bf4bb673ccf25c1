package io.llmrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ServiceLauncherTest {

    @Test
    void aWorkerLaunchedAloneServesItsActuatorOnAFreePortRatherThanTheStacksDefault() {
        assertThat(ServiceLauncher.withFreeManagementPort("provider-worker", List.of("--relay.worker.group-id=g")))
                .containsExactly("--relay.worker.group-id=g", "--server.port=0");
    }

    @Test
    void ingestKeepsItsApiPortAndGetsAFreeManagementPort() {
        assertThat(ServiceLauncher.withFreeManagementPort("request-ingest", List.of("--server.port=8088")))
                .containsExactly("--server.port=8088", "--management.server.port=0");
    }

    @Test
    void aManagementPortGivenOnTheCommandLineIsKept() {
        assertThat(ServiceLauncher.withFreeManagementPort("usage-aggregator", List.of("--server.port=9181")))
                .containsExactly("--server.port=9181");
        assertThat(ServiceLauncher.withFreeManagementPort("request-ingest", List.of("--management.server.port=9181")))
                .containsExactly("--management.server.port=9181");
    }
}
