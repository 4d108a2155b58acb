package io.models.common.server;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** What every server's {@code close()} does: close things, then wait for its threads to end. */
public final class Threads {

    private Threads() {
    }

    /** Waits until {@code t} has ended, even if this thread is interrupted meanwhile (kept set). */
    public static void join(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes {@code c}; a failure to close is logged as a warning, since nothing else can be done. */
    public static void close(Closeable c, Logger log) {
        try {
            c.close();
        } catch (IOException e) {
            log.log(Level.WARNING, "closing {0}: {1}", c, e.getMessage());
        }
    }
}
