package io.models.common.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * Names the threads a server starts and remembers them, so that {@code close()} can wait until
 * every one has really ended. An executor's {@code awaitTermination} is not enough for that: a
 * pool reports itself terminated a moment before its last thread has exited.
 */
public final class ThreadTracker {

    private final Set<Thread> started = ConcurrentHashMap.newKeySet();

    /** A factory of platform threads named {@code prefix1}, {@code prefix2}, ..., each remembered. */
    public ThreadFactory named(String prefix) {
        return track(Thread.ofPlatform().name(prefix, 1).factory());
    }

    /** {@code factory}, with every thread it makes remembered (those that have ended are forgotten). */
    public ThreadFactory track(ThreadFactory factory) {
        return task -> {
            Thread t = factory.newThread(task);
            started.removeIf(old -> old.getState() == Thread.State.TERMINATED);
            started.add(t);
            return t;
        };
    }

    /** Waits until every remembered thread has ended. Stop whatever feeds them work first. */
    public void joinAll() {
        for (Thread t : started) {
            Threads.join(t);
        }
    }
}
