package io.llmrelay.worker.routing;

/** How a route orders its targets for one request; the targets after the first are its fallbacks. */
public enum Strategy {
    /** In the order configured: the first is the primary, the others fall back in turn. */
    PRIORITY,
    /** The first target is drawn at random in proportion to the weights; the others follow in configured order. */
    WEIGHTED,
    /**
     * The target with the lowest recent latency first. Targets not measured yet come first, in configured order, so
     * that each gets measured.
     */
    LEAST_LATENCY
}
