package io.llmrelay.worker.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.llmrelay.schemas.BreakerState;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.TopicProvisioner;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.kafka.KafkaCluster;
import io.llmrelay.worker.WorkerApplication;
import io.llmrelay.worker.provider.Target;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The breakers as the running worker wires them: a peer's OPEN already on the (prefixed) health topic when the worker
 * starts is applied before it takes requests, and {@code /actuator/breakers} lists it with who reported it.
 */
class BreakersEndpointIT {

    private final KafkaCluster kafka = SharedInfra.kafka();
    private final String prefix = "it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPeersOpenBreakerOnTheTopicIsAppliedAtStartAndListed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, Topics.allWithPrefix(prefix), kafka.replicationFactor());
        }
        Topic<String, ProviderHealth> topic = Topics.PROVIDER_HEALTH.withPrefix(prefix);
        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ProviderHealth open = new ProviderHealth("openai", "openai/gpt-4o-mini", BreakerState.OPEN,
                "5 consecutive failures, the last provider_error 503", since, "worker-elsewhere");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(),
                    open.getTarget()), topic.valueSerde().serializer().serialize(topic.name(), open))).get();
        }

        try (ConfigurableApplicationContext worker = new SpringApplicationBuilder(WorkerApplication.class).run(
                "--server.port=0",
                "--relay.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--relay.kafka.topic-prefix=" + prefix,
                "--relay.worker.instance-id=worker-here",
                "--relay.worker.group-id=breakers-" + prefix,
                "--relay.provider.base-url=http://127.0.0.1:9",
                "--relay.provider.api-key=sk-it-0123456789abcdef")) {
            ProviderBreakers breakers = worker.getBean(ProviderBreakers.class);
            assertThat(breakers.state(new Target("openai", "gpt-4o-mini")))
                    .as("applied while starting, before requests are taken").isEqualTo(BreakerState.OPEN);

            int port = ((WebServerApplicationContext) worker).getWebServer().getPort();
            HttpResponse<String> listed = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/breakers")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.body()).contains("\"provider\":\"openai\"", "\"model\":\"gpt-4o-mini\"",
                    "\"state\":\"OPEN\"", "\"since\":\"" + since + "\"", "\"reportedBy\":\"worker-elsewhere\"",
                    "5 consecutive failures, the last provider_error 503");

            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.body()).contains(
                    "relay_provider_breaker_state{model=\"gpt-4o-mini\",provider=\"openai\"} 1.0",
                    "relay_provider_breaker_transitions_total{provider=\"openai\",source=\"peer\",to=\"open\"} 1.0");
        }
    }
}
