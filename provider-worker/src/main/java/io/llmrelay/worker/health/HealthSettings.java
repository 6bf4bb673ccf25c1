package io.llmrelay.worker.health;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.health.*}: what {@code /actuator/providers} measures over, and the optional active probe. The probe
 * is off by default because it is one more authenticated call per provider per interval, which some accounts count
 * against their request limits.
 *
 * @param window         error rate and latency percentiles are over this recent window
 * @param sampleInterval how often the call meters are sampled; the window's edges and the last success time are
 *                       this precise
 * @param probe          the active probe
 */
@Validated
@ConfigurationProperties("relay.health")
public record HealthSettings(
        @NotNull @DurationMin(seconds = 10) @DurationMax(hours = 24) @DefaultValue("5m") Duration window,
        @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10) @DefaultValue("10s") Duration sampleInterval,
        @NotNull @Valid @DefaultValue Probe probe) {

    /**
     * @param enabled  true: every configured provider gets a cheap authenticated call (a model list) every
     *                 {@code interval}
     * @param interval between the starts of two probes of a provider
     * @param timeout  one probe call, at most; a slower answer is a failed probe
     */
    public record Probe(
            @DefaultValue("false") boolean enabled,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("60s") Duration interval,
            @NotNull @DurationMin(millis = 1) @DurationMax(seconds = 30) @DefaultValue("1s") Duration timeout) {
    }

    public HealthSettings {
        if (window != null && sampleInterval != null && sampleInterval.compareTo(window) >= 0) {
            throw new IllegalArgumentException("relay.health.sample-interval (" + sampleInterval
                    + ") must be shorter than relay.health.window (" + window + ")");
        }
        if (probe != null && probe.timeout() != null && probe.interval() != null
                && probe.timeout().compareTo(probe.interval()) > 0) {
            throw new IllegalArgumentException("relay.health.probe.timeout (" + probe.timeout()
                    + ") must not be longer than relay.health.probe.interval (" + probe.interval() + ")");
        }
    }
}
