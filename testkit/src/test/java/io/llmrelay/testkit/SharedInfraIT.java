package io.llmrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SharedInfraIT {

    @Test
    void embeddedBrokerCarriesARecordFromProducerToConsumer() throws Exception {
        String bootstrap = SharedInfra.kafka().bootstrapServers();
        Topic<String, String> topic = new Topic<>("testkit.roundtrip", Serdes.String(), Serdes.String(), 1, Map.of());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicProvisioner.ensure(admin, List.of(topic), (short) 1);
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), "k", "hello")).get();
        }
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                "group.id", "testkit-roundtrip", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < until) {
                records = consumer.poll(Duration.ofMillis(200));
            }
            assertThat(records.records(topic.name())).extracting(r -> r.value()).containsExactly("hello");
        }
    }

    @Test
    void embeddedPostgresGivesEachTestItsOwnDatabase() throws Exception {
        var postgres = SharedInfra.postgres();
        String url = postgres.createDatabase("testkit_own_db");
        try (Connection c = DriverManager.getConnection(url, postgres.username(), postgres.password());
             ResultSet rs = c.createStatement().executeQuery("select current_database(), version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("testkit_own_db");
            assertThat(rs.getString(2)).startsWith("PostgreSQL 17");
        }
    }
}
