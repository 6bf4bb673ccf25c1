package io.llmrelay.worker.provider;

/**
 * Receives the rate-limit hints of every provider answer (successes and refusals alike), so that the shared rate
 * limiter can slow down before the provider refuses. Adapters call it once per answer that carried any hint; it must
 * return quickly and never throw.
 */
@FunctionalInterface
public interface RateLimitSignals {

    RateLimitSignals IGNORED = (target, hints) -> { };

    void observed(Target target, RateLimitHints hints);
}
