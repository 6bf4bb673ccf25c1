package io.llmrelay.worker.completion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.llmrelay.schemas.BreakerState;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.breaker.BreakerStatus;
import io.llmrelay.worker.breaker.ProviderBreakers;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.Target;
import io.llmrelay.worker.ratelimit.RateLimiter;
import io.llmrelay.worker.ratelimit.Reservation;

/**
 * The gate of every provider attempt: the target's circuit breaker first (a cheap, local decision: an open target is
 * refused at once), then its shared rate limits (which may wait, up to the request's deadline). A refused rate limit
 * gives the breaker permission back; every admitted attempt ends with the breaker counting it and the reservation
 * settled with the tokens the provider reported, or both given back when no call was made.
 */
final class ResilienceGate implements CallGate {

    static final String BREAKER_OPEN = "breaker_open";
    static final String RATE_LIMITED = "rate_limited";

    private final ProviderBreakers breakers;
    private final Set<String> withoutBreakers;
    private final RateLimiter limiter;
    private final Duration waitOpen;
    private final Clock clock;

    /**
     * @param breakers        null when breakers are turned off ({@code relay.breaker.enabled=false})
     * @param withoutBreakers providers whose targets are called without a breaker ({@code api_configurations} rows
     *                        with {@code circuit_breaker_enabled = false})
     * @param waitOpen        how long an open breaker stays open, to tell callers when to come back
     */
    ResilienceGate(ProviderBreakers breakers, Set<String> withoutBreakers, RateLimiter limiter, Duration waitOpen,
                   Clock clock) {
        this.breakers = breakers;
        this.withoutBreakers = Set.copyOf(withoutBreakers);
        this.limiter = limiter;
        this.waitOpen = waitOpen;
        this.clock = clock;
    }

    @Override
    public Admission admit(Target target, CompletionRequest request, Instant deadline) throws InterruptedException {
        if (guarded(target) && !breakers.tryAcquire(target)) {
            return new Admission.Refused(BREAKER_OPEN, target + " is not called: its circuit breaker is open"
                    + openSince(target), untilHalfOpen(target));
        }
        Reservation reservation;
        try {
            reservation = limiter.acquire(target, request, deadline);
        } catch (InterruptedException | RuntimeException e) {
            releaseBreaker(target);
            throw e;
        }
        if (!reservation.granted()) {
            releaseBreaker(target);
            return new Admission.Refused(RATE_LIMITED, target + " is not called: its rate limits have no room before"
                    + " the request's deadline", Optional.empty());
        }
        return new Admission.Admitted(new Ticket() {
            @Override
            public void finished(AttemptResult result) {
                if (guarded(target)) {
                    breakers.record(target, result);
                }
                switch (result) {
                    case AttemptResult.Answered answered -> limiter.settle(reservation, answered.completion().usage());
                    // a failure that reached the provider may have used its capacity: the reservation stands
                    case AttemptResult.Failed failed when failed.failure().reachedProvider() ->
                            limiter.settle(reservation, null);
                    case AttemptResult.Failed _ -> limiter.release(reservation);
                }
            }

            @Override
            public void abandoned() {
                releaseBreaker(target);
                limiter.release(reservation);
            }
        });
    }

    private boolean guarded(Target target) {
        return breakers != null && !withoutBreakers.contains(target.provider());
    }

    private void releaseBreaker(Target target) {
        if (guarded(target)) {
            breakers.release(target);
        }
    }

    private String openSince(Target target) {
        return status(target).map(s -> " since " + s.since() + (s.reason() == null ? "" : " (" + s.reason() + ")"))
                .orElse("");
    }

    private Optional<Duration> untilHalfOpen(Target target) {
        return status(target).filter(s -> s.state() == BreakerState.OPEN && s.since() != null)
                .map(s -> Duration.between(clock.instant(), s.since().plus(waitOpen)))
                .map(d -> d.isNegative() ? Duration.ZERO : d);
    }

    private Optional<BreakerStatus> status(Target target) {
        return breakers.states().stream().filter(s -> s.target().equals(target)).findFirst();
    }
}
