package io.models.common.server;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Closing what a server holds when nothing better can be done if closing fails. */
public final class Quietly {

    private Quietly() {
    }

    /** Closes {@code c}; a failure to close is logged as a warning, since nothing else can be done about it. */
    public static void close(Closeable c, Logger log) {
        try {
            c.close();
        } catch (IOException e) {
            log.log(Level.WARNING, "closing {0}: {1}", c, e.getMessage());
        }
    }
}
