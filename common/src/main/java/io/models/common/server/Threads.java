package io.models.common.server;

/** Waiting for a thread a server started to end. */
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
}
