package io.llmrelay.testkit.kafka;

/** A running Kafka cluster that tests and the local runner talk to. */
public interface KafkaCluster extends AutoCloseable {

    String bootstrapServers();

    /** Replication factor new topics can use on this cluster. */
    default short replicationFactor() {
        return 1;
    }

    @Override
    void close();
}
