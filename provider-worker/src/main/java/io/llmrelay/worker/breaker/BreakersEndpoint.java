package io.llmrelay.worker.breaker;

import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/breakers}: every target this worker knows a breaker of, with its state, since when, why and which
 * worker reported it. A breaker shown {@code OPEN} past {@code since + wait-open} lets the next call through as a
 * probe (resilience4j moves to half-open when a call asks).
 */
@Endpoint(id = "breakers")
public final class BreakersEndpoint {

    private final ProviderBreakers breakers;

    public BreakersEndpoint(ProviderBreakers breakers) {
        this.breakers = breakers;
    }

    @ReadOperation
    public List<Breaker> breakers() {
        return breakers.states().stream().map(Breaker::of).toList();
    }

    /** One row; times as ISO-8601 text, {@code since} null for a breaker that never changed state. */
    public record Breaker(String provider, String model, String state, String since, String reason,
                          String reportedBy) {

        static Breaker of(BreakerStatus status) {
            return new Breaker(status.target().provider(), status.target().model(), status.state().name(),
                    status.since() == null ? null : status.since().toString(), status.reason(), status.reportedBy());
        }
    }
}
