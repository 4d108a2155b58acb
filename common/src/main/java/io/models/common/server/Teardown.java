package io.models.common.server;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * What a server's model opened and started, undone when the server stops in the reverse order, as
 * try-with-resources would: the last registered is undone first.
 */
final class Teardown {

    private final String name;
    private final Logger log;
    private final Deque<Runnable> stops = new ArrayDeque<>(); // last registered, first run
    private volatile boolean closing;
    private boolean stopped;

    Teardown(String name, Logger log) {
        this.name = name;
        this.log = log;
    }

    /** False once the server has begun to close. */
    boolean running() {
        return !closing;
    }

    /** {@code action} runs when the server stops (after everything registered later, before what came earlier). */
    synchronized void onClose(Runnable action) {
        stops.push(action);
    }

    /** {@code resource} is closed when the server stops; a failure to close it is a WARNING line. */
    <T extends AutoCloseable> T closing(T resource) {
        onClose(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                log.log(Level.WARNING, "closing {0}: {1}", resource, e.getMessage());
            }
        });
        return resource;
    }

    /** See {@link ServerContext#thread(String, Consumer, ServerContext.Loop)}. */
    Thread thread(String threadName, Consumer<Thread> wake, ServerContext.Loop loop) {
        Thread t = Thread.ofPlatform().name(threadName).unstarted(() -> {
            try {
                loop.run();
            } catch (IOException | RuntimeException | Error e) {
                if (running()) {
                    log.log(Level.ERROR, threadName + " failed; the server stops", e);
                    Thread.ofPlatform().name(name + "-stop").start(this::stop);
                }
                if (e instanceof Error error) {
                    throw error;
                }
            }
        });
        onClose(() -> {
            wake.accept(t);
            Threads.join(t);
        });
        t.start();
        return t;
    }

    /** See {@link ServerContext#threads(ThreadFactory)}. */
    ThreadFactory threads(ThreadFactory factory) {
        ThreadTracker tracker = new ThreadTracker();
        onClose(tracker::joinAll);
        return tracker.track(factory);
    }

    /** Undoes everything registered, the last first, once; a second call waits for the first to finish. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        closing = true;
        for (Runnable action = stops.poll(); action != null; action = stops.poll()) {
            action.run();
        }
        stopped = true;
    }
}
