package io.llmrelay.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private final AvroSerde<CompletionRequest> serde = AvroSerde.of(CompletionRequest.class);

    @Test
    void roundTripsARequestInSingleObjectEncoding() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CompletionRequest request = CompletionRequest.newBuilder()
                .setRequestId("5f0c6a52-8f0e-4a43-9c39-2d1f1e0f9a11")
                .setUserId("user-1")
                .setModel("gpt-4o-mini")
                .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent("hi").build()))
                .setCreatedAt(now)
                .setDeadline(now.plusSeconds(30))
                .build();

        byte[] bytes = serde.serialize("llm.requests", request);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.deserialize("llm.requests", bytes)).isEqualTo(request);
    }

    @Test
    void rejectsBytesThatAreNotAnAvroRecordWithASerializationException() {
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserialize("llm.requests", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("CompletionRequest");
    }

    @Test
    void rejectsARecordOfAnotherContract() {
        byte[] otherType = AvroSerde.of(UsageEvent.class).encode(UsageEventFixture.one());

        assertThatThrownBy(() -> serde.decode(otherType)).isInstanceOf(SerializationException.class);
    }

    @Test
    void prefixedTopicKeepsSerdesAndSettings() {
        var prefixed = Topics.REQUESTS.withPrefix("it-1.");

        assertThat(prefixed.name()).isEqualTo("it-1.llm.requests");
        assertThat(prefixed.partitions()).isEqualTo(Topics.REQUESTS.partitions());
        assertThat(prefixed.valueSerde()).isSameAs(Topics.REQUESTS.valueSerde());
        assertThat(Topics.REQUESTS.withPrefix("")).isSameAs(Topics.REQUESTS);
    }
}
