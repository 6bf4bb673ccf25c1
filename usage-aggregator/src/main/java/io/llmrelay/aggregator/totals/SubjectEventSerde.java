package io.llmrelay.aggregator.totals;

import java.util.Arrays;
import java.util.Map;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link SubjectEvent} on the by-subject repartition topic: a tag byte, then the contract's own Avro encoding
 * (the catalog serdes of {@code llm.usage} and {@code llm.budgets}), so the payloads evolve with the contracts.
 * Tags: 1 spend, 2 spend that is its request's first attempt, 3 budget set, 4 budget removed (no body).
 */
final class SubjectEventSerde implements Serde<SubjectEvent>, Serializer<SubjectEvent>, Deserializer<SubjectEvent> {

    private static final byte SPEND = 1;
    private static final byte FIRST_SPEND = 2;
    private static final byte BUDGET_SET = 3;
    private static final byte BUDGET_REMOVED = 4;

    private final Serde<UsageEvent> usage = Topics.USAGE.valueSerde();
    private final Serde<Budget> budgets = Topics.BUDGETS.valueSerde();

    @Override
    public byte[] serialize(String topic, SubjectEvent event) {
        return switch (event) {
            case null -> null;
            case SubjectEvent.Spend spend -> tagged(spend.firstOfRequest() ? FIRST_SPEND : SPEND, usage.serializer().serialize(topic, spend.usage()));
            case SubjectEvent.BudgetSet set -> tagged(BUDGET_SET, budgets.serializer().serialize(topic, set.budget()));
            case SubjectEvent.BudgetRemoved ignored -> new byte[] {BUDGET_REMOVED};
        };
    }

    @Override
    public SubjectEvent deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0) {
            throw new SerializationException("empty subject event");
        }
        byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
        return switch (bytes[0]) {
            case SPEND -> new SubjectEvent.Spend(usage.deserializer().deserialize(topic, body), false);
            case FIRST_SPEND -> new SubjectEvent.Spend(usage.deserializer().deserialize(topic, body), true);
            case BUDGET_SET -> new SubjectEvent.BudgetSet(budgets.deserializer().deserialize(topic, body));
            case BUDGET_REMOVED -> new SubjectEvent.BudgetRemoved();
            default -> throw new SerializationException("unknown subject event tag " + bytes[0]);
        };
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] bytes = new byte[body.length + 1];
        bytes[0] = tag;
        System.arraycopy(body, 0, bytes, 1, body.length);
        return bytes;
    }

    @Override
    public Serializer<SubjectEvent> serializer() {
        return this;
    }

    @Override
    public Deserializer<SubjectEvent> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // stateless
    }
}
