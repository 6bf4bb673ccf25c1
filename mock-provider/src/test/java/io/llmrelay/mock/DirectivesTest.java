package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DirectivesTest {

    @Test
    void textWithoutDirectivesHasNone() throws RejectedRequest {
        assertThat(Directives.parse("just [a question] about mocks")).isEqualTo(Directives.NONE);
    }

    @Test
    void readsLatencyStatusAndRetryAfterTogether() throws RejectedRequest {
        Directives directives = Directives.parse("slow and failing [mock:latency=1500] [mock:status=429][mock:retry-after=2000]");

        assertThat(directives.latency()).hasValue(Duration.ofMillis(1500));
        assertThat(directives.status()).hasValue(429);
        assertThat(directives.retryAfter()).hasValue(Duration.ofSeconds(2));
        assertThat(directives.malformed()).isFalse();
    }

    @Test
    void readsMalformed() throws RejectedRequest {
        assertThat(Directives.parse("[mock:malformed] please").malformed()).isTrue();
    }

    @Test
    void rejectsAnUnknownDirectiveNamingIt() {
        assertThatThrownBy(() -> Directives.parse("[mock:latencyy=10]"))
                .isInstanceOf(RejectedRequest.class).hasMessageContaining("[mock:latencyy=10]");
    }

    @Test
    void rejectsAStatusThatIsNotSuccessOrAnError() {
        assertThatThrownBy(() -> Directives.parse("[mock:status=302]")).isInstanceOf(RejectedRequest.class);
        assertThatThrownBy(() -> Directives.parse("[mock:status=abc]")).isInstanceOf(RejectedRequest.class);
        assertThatThrownBy(() -> Directives.parse("[mock:status=4290]")).isInstanceOf(RejectedRequest.class);
    }

    @Test
    void rejectsALatencyThatIsNotWholeMilliseconds() {
        assertThatThrownBy(() -> Directives.parse("[mock:latency=1.5s]")).isInstanceOf(RejectedRequest.class)
                .hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> Directives.parse("[mock:latency]")).isInstanceOf(RejectedRequest.class);
    }

    @Test
    void rejectsMalformedCombinedWithAnErrorStatus() {
        assertThatThrownBy(() -> Directives.parse("[mock:malformed][mock:status=500]"))
                .isInstanceOf(RejectedRequest.class).hasMessageContaining("cannot be combined");
    }

    @Test
    void rejectedDirectivesAnswer400() {
        assertThatThrownBy(() -> Directives.parse("[mock:nope]"))
                .isInstanceOfSatisfying(RejectedRequest.class, e -> assertThat(e.error().status()).isEqualTo(400));
    }
}
