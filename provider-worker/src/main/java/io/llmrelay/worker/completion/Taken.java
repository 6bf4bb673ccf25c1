package io.llmrelay.worker.completion;

import java.time.Instant;

/**
 * When the worker took a request, on both clocks: {@code at} (wall clock) to compare with the request's
 * deadline, {@code nanoTime} ({@link System#nanoTime()}) to measure how long answering took, which the wall
 * clock cannot do as it may be stepped back.
 */
record Taken(Instant at, long nanoTime) {
}
