package io.models.common.connection;

import io.models.common.server.Net;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * What a server does when {@code accept()} fails, typically because the process is out of file
 * descriptors: the clients stay in the kernel's backlog, so it must neither stop accepting for good
 * nor retry at once in a loop that burns a core. It says so once, waits {@link Net#ACCEPT_RETRY}
 * before each retry, and says when accepting works again. One instance per accepting thread.
 */
public final class AcceptBackoff {

    private final Logger log;
    private long failures;

    public AcceptBackoff(Logger log) {
        this.log = log;
    }

    /** accept() failed: log the first failure of a run; the caller then waits {@link Net#ACCEPT_RETRY}. */
    public void failed(IOException e) {
        if (failures++ == 0) {
            log.log(Level.WARNING, "accept failed: {0}; trying again every {1} ms until it works",
                    e.getMessage(), Net.ACCEPT_RETRY.toMillis());
        }
    }

    /** accept() worked: if it had been failing, say it has recovered. */
    public void succeeded() {
        if (failures > 0) {
            log.log(Level.INFO, "accepting again after {0} failed attempts", failures);
            failures = 0;
        }
    }

    /** True while accept() is failing (since the last success). */
    public boolean failing() {
        return failures > 0;
    }
}
