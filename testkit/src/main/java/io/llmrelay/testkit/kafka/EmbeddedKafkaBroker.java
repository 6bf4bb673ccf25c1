package io.llmrelay.testkit.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (KRaft, combined broker and controller) running inside this
 * JVM, built from Kafka's ordinary server jars. Share groups are on (Kafka 4.2 default).
 * About 3 s to start on 2 cores.
 */
public final class EmbeddedKafkaBroker implements KafkaCluster {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final boolean deleteOnClose;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir, boolean deleteOnClose) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts a broker on a free loopback port with data in a temporary directory removed on close. */
    public static EmbeddedKafkaBroker startEphemeral() {
        try {
            return start(0, Files.createTempDirectory("llm-relay-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the Kafka log", e);
        }
    }

    /**
     * Starts a broker listening on 127.0.0.1:{@code port} (0 picks a free port), keeping its log in
     * {@code logDir} (formatted on first use, reused afterwards).
     */
    public static EmbeddedKafkaBroker start(int port, Path logDir, boolean deleteOnClose) {
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("num.partitions", "3");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "3");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "3");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.consumer.heartbeat.interval.ms", "500");
        props.put("group.consumer.min.heartbeat.interval.ms", "500");
        // a consumer killed with kill -9 is fenced after the session timeout; keep it short on a test broker
        props.put("group.consumer.session.timeout.ms", "6000");
        props.put("group.consumer.min.session.timeout.ms", "3000");
        props.put("group.share.session.timeout.ms", "6000");
        props.put("group.share.min.session.timeout.ms", "3000");
        props.put("group.share.heartbeat.interval.ms", "500");
        props.put("group.share.min.heartbeat.interval.ms", "500");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        props.put("auto.create.topics.enable", "false");
        props.put("delete.topic.enable", "true");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        try {
            Files.createDirectories(logDir);
            format(props, logDir);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            log.info("embedded Kafka broker (KRaft) listening on {} with data in {}", bootstrap, logDir);
            return new EmbeddedKafkaBroker(server, bootstrap, logDir, deleteOnClose);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka log directory " + logDir, e);
        }
    }

    private static void format(Properties props, Path logDir) throws IOException {
        Path config = logDir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            props.store(out, "written by EmbeddedKafkaBroker for kafka-storage format");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString(), "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("kafka-storage format of " + logDir + " failed (exit " + exit + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(logDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete Kafka log directory {}: {}", dir, e.toString());
        }
    }
}
