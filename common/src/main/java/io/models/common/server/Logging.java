package io.models.common.server;

import java.lang.System.Logger;

/**
 * Log lines are one line each: time, level, logger (the chapter), message. Servers log through
 * {@link System.Logger} (the JDK's own, backed by java.util.logging), so the chapters need no
 * logging library.
 */
public final class Logging {

    private static final String ONE_LINE = "%1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n";

    private Logging() {
    }

    /** Kept so the level set below is not lost when the logger is collected. */
    private static java.util.logging.Logger root;

    /**
     * Called by each main before anything logs. {@code -Dio.models.log=WARNING} quiets the
     * per-connection lines (the benchmark does), {@code =FINE} shows more.
     */
    public static void setUp() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", ONE_LINE);
        }
        String level = System.getProperty("io.models.log");
        if (level != null) {
            root = java.util.logging.Logger.getLogger("io.models");
            root.setLevel(java.util.logging.Level.parse(level));
        }
        // Format one line now, so every class and file a log line needs (the handlers, the
        // formatter, the time-zone data) is loaded while files can still be opened: the first
        // WARNING of a server that has run out of descriptors must not fail to be written.
        java.util.logging.LogRecord record = new java.util.logging.LogRecord(java.util.logging.Level.WARNING,
                "{0} {1}");
        record.setParameters(new Object[] {"warm", 1});
        for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
            if (h.getFormatter() != null) {
                h.getFormatter().format(record);
            }
        }
    }

    /** The logger of a chapter, named {@code io.models.<name>}. */
    public static Logger logger(String name) {
        return System.getLogger("io.models." + name);
    }
}
