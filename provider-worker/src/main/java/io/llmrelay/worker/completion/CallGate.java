package io.llmrelay.worker.completion;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.Target;

/**
 * Decides whether one attempt at a target may be made now: its circuit breaker must let the call through and its
 * shared rate limits must have room (waiting for it, up to the request's deadline). Every admitted attempt is
 * reported back through its {@link Ticket}, exactly once, so that breakers count it and rate-limit reservations are
 * settled or returned.
 */
public interface CallGate {

    /** Lets every call through; for a worker without breakers and limits. */
    CallGate OPEN = (target, request, deadline) -> new Admission.Admitted(new Ticket() {
        @Override public void finished(AttemptResult result) { }
        @Override public void abandoned() { }
    });

    /**
     * May wait (on the request's virtual thread) for rate-limit room, never past {@code deadline}.
     *
     * @throws InterruptedException when the worker is stopping
     */
    Admission admit(Target target, CompletionRequest request, Instant deadline) throws InterruptedException;

    sealed interface Admission {

        /** Call now, then report the attempt. */
        record Admitted(Ticket ticket) implements Admission {
        }

        /**
         * Not now: the breaker is open, or the limits have no room before the deadline.
         *
         * @param code       {@code breaker_open} or {@code rate_limited}
         * @param reason     for operators and callers; names the target, never a credential
         * @param retryAfter when this target may be worth trying again, if known
         */
        record Refused(String code, String reason, Optional<Duration> retryAfter) implements Admission {
        }
    }

    /** Exactly one of its methods is called, once, for every admitted attempt. */
    interface Ticket {

        /** The attempt ended this way. */
        void finished(AttemptResult result);

        /** No attempt was made after all (the worker is stopping, or the request cannot be sent). */
        void abandoned();
    }
}
