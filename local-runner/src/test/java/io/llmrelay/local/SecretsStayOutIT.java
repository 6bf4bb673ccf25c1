package io.llmrelay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole pipeline with real-looking keys (an OpenAI-style project key that the provider
 * requires, and a relay key) through successes, a provider 401, a rejected relay key, bad input and a
 * poison record, then searches everything the project wrote for those keys: the log file (all levels
 * the services log at DEBUG), every record on every topic with its headers, and every usage row.
 * The keys are made at run time; a fixed key in the repository would itself be a leak.
 */
class SecretsStayOutIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PROVIDER_KEY = "sk-proj-" + randomAlphanumeric(48);
    private static final String RELAY_KEY = "rk-live-" + randomAlphanumeric(40);

    private static MockProvider provider;
    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("logging.level.io.llmrelay", "DEBUG");
        provider = MockProvider.start(MockBehaviour.healthy().withRequiredApiKey(PROVIDER_KEY));
        LocalSettings settings = LocalSettings.ephemeral(Files.createTempDirectory("secrets-it"))
                .withProvider(PROVIDER_KEY, provider.baseUrl())
                .withRelayKey(RELAY_KEY);
        stack = LocalStack.start(settings, part -> { });
    }

    @AfterAll
    static void stop() {
        System.clearProperty("logging.level.io.llmrelay");
        if (stack != null) {
            stack.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void noKeyAppearsInLogsTopicsOrTables() throws Exception {
        assertThat(post(RELAY_KEY, chat("a normal request")).statusCode()).isEqualTo(200);
        assertThat(post(RELAY_KEY, chat("the provider refuses the key [mock:status=401]")).statusCode()).isEqualTo(503);
        assertThat(post(RELAY_KEY.substring(0, RELAY_KEY.length() - 1) + "x", chat("near-miss key")).statusCode())
                .isEqualTo(401);
        assertThat(post(RELAY_KEY, "{\"model\": \"gpt-4o-mini\", \"messages\": [").statusCode()).isEqualTo(400);
        producePoisonRequest();
        assertThat(provider.authorizationHeaders()).contains("Bearer " + PROVIDER_KEY);

        List<String> places = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            places.clear();
            places.addAll(topicContents());
            assertThat(places).anyMatch(p -> p.startsWith(Topics.REQUESTS_DLQ.name()));
            assertThat(usageRows()).hasSizeGreaterThanOrEqualTo(2);
        });
        places.addAll(usageRows());
        places.add("log file: " + Files.readString(stack.logFile(), StandardCharsets.UTF_8));

        assertThat(places).as("places searched").hasSizeGreaterThan(5);
        for (String place : places) {
            assertNoTraceOf(PROVIDER_KEY, place);
            assertNoTraceOf(RELAY_KEY, place);
        }
    }

    /** The whole key, or any 12 characters of it in a row (a prefix with a recognisable tail, a fragment). */
    private static void assertNoTraceOf(String key, String text) {
        String secretPart = key.substring(8);
        for (int i = 0; i + 12 <= secretPart.length(); i++) {
            String fragment = secretPart.substring(i, i + 12);
            assertThat(text).as("a fragment of a key (%s…) in: %s", fragment.substring(0, 3), headOf(text))
                    .doesNotContain(fragment);
        }
        assertThat(text).doesNotContain(key.substring(key.length() - 8));
    }

    private static String headOf(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static String chat(String content) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    private HttpResponse<String> post(String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void producePoisonRequest() throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), "user".getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** Every record of every topic as text: topic, key, value (Latin-1, byte for byte) and headers. */
    private static List<String> topicContents() {
        List<String> contents = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (var topic : Topics.all()) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < topic.partitions(); p++) {
                    partitions.add(new TopicPartition(topic.name(), p));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        StringBuilder text = new StringBuilder(topic.name()).append(": ");
                        text.append(latin1(r.key())).append(' ').append(latin1(r.value()));
                        for (Header h : r.headers()) {
                            text.append(' ').append(h.key()).append('=').append(latin1(h.value()));
                        }
                        contents.add(text.toString());
                    }
                }
            }
        }
        return contents;
    }

    private static List<String> usageRows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(stack.dbUrl(), stack.dbUser(), stack.dbPassword());
             ResultSet rs = c.createStatement().executeQuery("select * from api_usage_logs")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder("api_usage_logs:");
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(' ').append(meta.getColumnName(i)).append('=').append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String latin1(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String randomAlphanumeric(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
