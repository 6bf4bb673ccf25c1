package io.llmrelay.aggregator.totals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Hosts the totals topology in Spring: started once the context is up, closed on shutdown.
 *
 * <p>Kafka Streams stops with an error when a topic it reads is missing, so the host first waits for the topology's
 * topics (on Kubernetes they are KafkaTopic resources that may be created after the aggregator), checking every
 * {@code TOPIC_CHECK_INTERVAL} and logging once. If Kafka Streams later fails for good (its state goes to ERROR),
 * the totals would silently stop, so {@code onFailure} closes the application, as the usage consumer does.
 */
final class TotalsStreamsHost implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TotalsStreamsHost.class);
    private static final Duration TOPIC_CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Topology> topology;
    private final Properties config;
    private final Map<String, Object> adminConfig;
    private final List<String> requiredTopics;
    private final Runnable onFailure;
    private volatile KafkaStreams streams;
    private volatile boolean running;
    private Thread starter;

    /** @param adminConfig client settings of the admin client that looks for {@code requiredTopics} */
    TotalsStreamsHost(Supplier<Topology> topology, Properties config, Map<String, Object> adminConfig,
                      List<String> requiredTopics, Runnable onFailure) {
        this.topology = topology;
        this.config = config;
        this.adminConfig = Map.copyOf(adminConfig);
        this.requiredTopics = List.copyOf(requiredTopics);
        this.onFailure = onFailure;
    }

    @Override
    public synchronized void start() {
        running = true;
        starter = Thread.ofPlatform().name("totals-streams-start").start(this::startWhenTopicsExist);
    }

    private void startWhenTopicsExist() {
        try (Admin admin = Admin.create(adminConfig)) {
            boolean warned = false;
            while (running) {
                List<String> missing = missingTopics(admin);
                if (missing.isEmpty()) {
                    break;
                }
                if (!warned) {
                    log.warn("totals and budgets wait for topics {} to exist; checking every {}", missing, TOPIC_CHECK_INTERVAL);
                    warned = true;
                }
                Thread.sleep(TOPIC_CHECK_INTERVAL);
            }
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (!running) {
                return;
            }
            KafkaStreams started = new KafkaStreams(topology.get(), config);
            started.setUncaughtExceptionHandler(failure -> {
                log.error("the totals application failed; closing it and the aggregator so that it is restarted", failure);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            started.setStateListener((next, previous) -> {
                if (next == KafkaStreams.State.ERROR && running) {
                    Thread.ofPlatform().name("totals-streams-failed").daemon(false).start(onFailure);
                }
            });
            started.start();
            streams = started;
            log.info("totals application {} started", config.get("application.id"));
        }
    }

    /** Only the topics' names are read; a broker that does not answer counts as "not yet". */
    private List<String> missingTopics(Admin admin) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            return requiredTopics.stream().filter(topic -> !existing.contains(topic)).toList();
        } catch (ExecutionException | TimeoutException e) {
            return requiredTopics;
        }
    }

    /** The running application's state, or null before it started (while waiting for its topics). */
    KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? null : current.state();
    }

    @Override
    public void stop() {
        Thread waiting;
        synchronized (this) {
            running = false;
            waiting = starter;
        }
        if (waiting != null) {
            waiting.interrupt();
            try {
                waiting.join(CLOSE_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        KafkaStreams current = streams;
        if (current != null && !current.close(CLOSE_TIMEOUT)) {
            log.warn("the totals application did not close within {}; its open transaction is aborted by the broker",
                    CLOSE_TIMEOUT);
        }
        streams = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
