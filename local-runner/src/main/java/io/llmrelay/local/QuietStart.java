package io.llmrelay.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Until the first Spring context configures logging, logback's default prints everything the broker and
 * PostgreSQL say at DEBUG. The local runner shows a person only errors on the console until then (the broker warns about its own empty log on every first start).
 */
final class QuietStart {

    private QuietStart() {
    }

    static void consoleErrorsOnly() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.ERROR);
        }
    }
}
