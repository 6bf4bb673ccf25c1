package io.llmrelay.worker.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.llmrelay.worker.provider.RateLimitHints;
import io.llmrelay.worker.provider.RateLimitSignals;
import io.llmrelay.worker.provider.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's own word on its limits, which wins over the configured ones: after an answer that asked to wait
 * ({@code Retry-After}), said no requests are left in its window, or said fewer tokens are left than a request
 * needs, calls to that target are held until the provider's reset, so the relay slows down before it is refused
 * again. Holds are per worker: each learns from its own answers.
 */
public final class ProviderHolds implements RateLimitSignals {

    private static final Logger log = LoggerFactory.getLogger(ProviderHolds.class);

    private final Clock clock;
    private final ConcurrentMap<Target, Hold> holds = new ConcurrentHashMap<>();

    public ProviderHolds(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void observed(Target target, RateLimitHints hints) {
        try {
            if (hints.isEmpty()) {
                return;
            }
            holds.merge(target, Hold.of(hints, clock.instant()), Hold::then);
        } catch (RuntimeException e) {
            log.warn("ignored the rate-limit hints of an answer from {}: {}", target, e.toString());
        }
    }

    /**
     * Until when a call of {@code tokens} tokens to {@code target} should wait, if it should: the latest of an
     * unexpired Retry-After, the request window's reset when no requests are left, and the token window's reset when
     * fewer than {@code tokens} are left.
     */
    public Optional<Instant> heldUntil(Target target, long tokens, Instant now) {
        Hold hold = holds.get(target);
        if (hold == null) {
            return Optional.empty();
        }
        Instant until = null;
        until = later(until, hold.retryAfterUntil, now);
        if (hold.remainingRequests.isPresent() && hold.remainingRequests.getAsLong() <= 0) {
            until = later(until, hold.requestsResetAt, now);
        }
        if (hold.remainingTokens.isPresent() && hold.remainingTokens.getAsLong() < tokens) {
            until = later(until, hold.tokensResetAt, now);
        }
        return Optional.ofNullable(until);
    }

    private static Instant later(Instant current, Instant candidate, Instant now) {
        if (candidate == null || !candidate.isAfter(now)) {
            return current;
        }
        return current == null || candidate.isAfter(current) ? candidate : current;
    }

    /** What the latest answers said; a window's remaining count means nothing without its reset time. */
    private record Hold(Instant retryAfterUntil, OptionalLong remainingRequests, Instant requestsResetAt,
                        OptionalLong remainingTokens, Instant tokensResetAt) {

        static Hold of(RateLimitHints hints, Instant now) {
            Instant retryUntil = hints.retryAfter().map(now::plus).orElse(null);
            boolean requests = hints.remainingRequests().isPresent() && hints.requestsReset().isPresent();
            boolean tokens = hints.remainingTokens().isPresent() && hints.tokensReset().isPresent();
            return new Hold(retryUntil,
                    requests ? hints.remainingRequests() : OptionalLong.empty(),
                    requests ? now.plus(nonNegative(hints.requestsReset().get())) : null,
                    tokens ? hints.remainingTokens() : OptionalLong.empty(),
                    tokens ? now.plus(nonNegative(hints.tokensReset().get())) : null);
        }

        /** The newer answer's window counts replace the older's; a Retry-After is kept until it has passed. */
        Hold then(Hold newer) {
            Instant retry = newer.retryAfterUntil == null ? retryAfterUntil
                    : retryAfterUntil == null || newer.retryAfterUntil.isAfter(retryAfterUntil) ? newer.retryAfterUntil
                    : retryAfterUntil;
            boolean requests = newer.requestsResetAt != null;
            boolean tokens = newer.tokensResetAt != null;
            return new Hold(retry,
                    requests ? newer.remainingRequests : remainingRequests,
                    requests ? newer.requestsResetAt : requestsResetAt,
                    tokens ? newer.remainingTokens : remainingTokens,
                    tokens ? newer.tokensResetAt : tokensResetAt);
        }

        private static Duration nonNegative(Duration duration) {
            return duration.isNegative() ? Duration.ZERO : duration;
        }
    }
}
