package io.llmrelay.mock;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Picks the outcome of a request: a directive wins; otherwise one uniform draw in [0, 1) is laid
 * against the behaviour's rates in the order error, rate limit, malformed, so each rate is exactly
 * the fraction of requests that get that answer.
 */
final class OutcomeChooser {

    private final DoubleSupplier uniform;

    OutcomeChooser() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param uniform draws from [0, 1); tests pass a fixed sequence */
    OutcomeChooser(DoubleSupplier uniform) {
        this.uniform = uniform;
    }

    Outcome choose(Directives directives, MockBehaviour behaviour) {
        if (directives.contentFilter()) {
            return new Outcome.Failure(OpenAiError.contentFilter());
        }
        if (directives.malformed()) {
            return new Outcome.Malformed();
        }
        if (directives.status().isPresent()) {
            int status = directives.status().getAsInt();
            return status == 200 ? new Outcome.Completion() : new Outcome.Failure(OpenAiError.forStatus(status));
        }
        double draw = uniform.getAsDouble();
        if (draw < behaviour.errorRate()) {
            return new Outcome.Failure(OpenAiError.serverError());
        }
        if (draw < behaviour.errorRate() + behaviour.rateLimitRate()) {
            return new Outcome.Failure(OpenAiError.rateLimited());
        }
        if (draw < behaviour.errorRate() + behaviour.rateLimitRate() + behaviour.malformedRate()) {
            return new Outcome.Malformed();
        }
        return new Outcome.Completion();
    }
}
