package io.llmrelay.worker.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link ChatProvider#probe cheap authenticated call} found: the provider answered with the credential
 * accepted ({@code UP}), it did not ({@code DOWN}, with the reason), or the adapter has no such call
 * ({@code UNSUPPORTED}). Kept apart from {@link AttemptResult}: a probe bills nothing and answers no request.
 *
 * @param reason  why it is down, e.g. {@code provider_credential_rejected 401}; never a credential. Empty when up
 * @param latency from sending the probe to its answer (or giving up)
 */
public record ProbeResult(Status status, String reason, Duration latency) {

    /** How a probe ended. */
    public enum Status { UP, DOWN, UNSUPPORTED }

    public ProbeResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(latency, "latency");
    }

    public static ProbeResult up(Duration latency) {
        return new ProbeResult(Status.UP, "", latency);
    }

    public static ProbeResult down(String reason, Duration latency) {
        return new ProbeResult(Status.DOWN, reason, latency);
    }

    public static ProbeResult unsupported() {
        return new ProbeResult(Status.UNSUPPORTED, "this provider's adapter has no probe call", Duration.ZERO);
    }
}
