package io.llmrelay.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.worker.*}: how this worker consumes requests.
 *
 * @param instanceId      names this worker in client ids, dead letters and logs; defaults to the host name
 *                        (the pod name on Kubernetes)
 * @param groupId         consumer group shared by all workers
 * @param maxInFlight     requests taken from Kafka but not yet answered, at most; the consumer pauses its
 *                        partitions instead of buffering more
 * @param maxPollRecords  records one poll may return; capped at half of {@code maxInFlight}
 * @param commitInterval  how often finished offsets are committed
 * @param shutdownTimeout how long a graceful stop waits for calls in flight; what is unfinished then is
 *                        left uncommitted and redelivered to another worker
 * @param priceFile       a price file replacing the one shipped in the jar; unset uses the shipped one
 */
@Validated
@ConfigurationProperties("relay.worker")
public record WorkerSettings(
        String instanceId,
        @NotBlank @DefaultValue("llm-relay-provider-worker") String groupId,
        @Positive @DefaultValue("4096") int maxInFlight,
        @Positive @DefaultValue("500") int maxPollRecords,
        @NotNull @DurationMin(millis = 1) @DefaultValue("200ms") Duration commitInterval,
        @NotNull @DurationMin(millis = 0) @DefaultValue("30s") Duration shutdownTimeout,
        Path priceFile) {

    public WorkerSettings {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = hostName();
        }
    }

    /** Records one poll returns: never more than half the in-flight limit, so polling goes on between pauses. */
    public int effectiveMaxPollRecords() {
        return Math.min(maxPollRecords, Math.max(1, maxInFlight / 2));
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "provider-worker-" + ProcessHandle.current().pid();
        }
    }
}
