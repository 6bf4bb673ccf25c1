package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void defaultsToAHealthyMockOnLoopbackPort8090() {
        LaunchOptions options = LaunchOptions.parse(List.of(), Map.of());

        assertThat(options.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8090);
        assertThat(options.behaviour()).isEqualTo(MockBehaviour.healthy());
    }

    @Test
    void readsEveryOptionFromTheEnvironment() {
        LaunchOptions options = LaunchOptions.parse(List.of(), Map.of(
                "MOCK_BIND_ADDRESS", "0.0.0.0",
                "MOCK_PORT", "9000",
                "MOCK_LATENCY_MS", "250",
                "MOCK_ERROR_RATE", "0.1",
                "MOCK_RATE_LIMIT_RATE", "0.2",
                "MOCK_RETRY_AFTER_MS", "3000",
                "MOCK_MALFORMED_RATE", "0.05",
                "MOCK_REQUIRED_API_KEY", "sk-local"));

        assertThat(options.bindAddress().isAnyLocalAddress()).isTrue();
        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.behaviour()).isEqualTo(
                new MockBehaviour(Duration.ofMillis(250), 0.1, 0.2, Duration.ofSeconds(3), 0.05, "sk-local"));
    }

    @Test
    void aFlagWinsOverTheEnvironmentInEitherSpelling() {
        LaunchOptions options = LaunchOptions.parse(List.of("--port", "9100", "--latency-ms=40"),
                Map.of("MOCK_PORT", "9000", "MOCK_LATENCY_MS", "250"));

        assertThat(options.port()).isEqualTo(9100);
        assertThat(options.behaviour().latency()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void anEmptyRequiredKeyMeansAnyKey() {
        assertThat(LaunchOptions.parse(List.of(), Map.of("MOCK_REQUIRED_API_KEY", "")).behaviour().requiredApiKey())
                .isNull();
    }

    @Test
    void rejectsABadValueNamingTheOptionAndTheValue() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of(), Map.of("MOCK_PORT", "80a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MOCK_PORT").hasMessageContaining("--port").hasMessageContaining("'80a'");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--error-rate", "1.5"), Map.of()))
                .hasMessageContaining("MOCK_ERROR_RATE").hasMessageContaining("'1.5'");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of(), Map.of("MOCK_LATENCY_MS", "-5")))
                .hasMessageContaining("MOCK_LATENCY_MS").hasMessageContaining("'-5'");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of(), Map.of("MOCK_PORT", "70000")))
                .hasMessageContaining("MOCK_PORT").hasMessageContaining("'70000'");
    }

    @Test
    void rejectsRatesThatAddUpToMoreThanOneNamingAllThree() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of(), Map.of("MOCK_ERROR_RATE", "0.6",
                "MOCK_RATE_LIMIT_RATE", "0.6")))
                .hasMessageContaining("MOCK_ERROR_RATE").hasMessageContaining("MOCK_RATE_LIMIT_RATE")
                .hasMessageContaining("MOCK_MALFORMED_RATE");
    }

    @Test
    void rejectsAnUnknownFlagOrAFlagWithoutValue() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--latency", "5"), Map.of()))
                .hasMessageContaining("unknown option '--latency'");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--port"), Map.of()))
                .hasMessageContaining("--port needs a value");
    }
}
