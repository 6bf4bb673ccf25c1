package io.llmrelay.testkit.containers;

import io.llmrelay.testkit.kafka.KafkaCluster;
import org.testcontainers.kafka.KafkaContainer;

/** Kafka in a container, for machines with a Docker engine ({@code RELAY_TEST_INFRA=containers}). */
public final class ContainerKafka implements KafkaCluster {

    static final String IMAGE = "apache/kafka:4.2.0";

    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    public static ContainerKafka start() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        container.start();
        return new ContainerKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
