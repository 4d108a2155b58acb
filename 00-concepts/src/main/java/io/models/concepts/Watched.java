package io.models.concepts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A thread the tour watches from outside. Java has no API for a thread's kernel id, so the thread
 * tells it itself, from {@code /proc/thread-self} (Linux), when it calls {@link #here()}.
 */
final class Watched {

    /** What a watched thread runs. */
    interface Body {
        void run() throws Exception;
    }

    private final String name;
    private final CountDownLatch known = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile long tid = -1;
    private volatile Throwable failure;

    /** A thread that will say {@link #here()} itself, such as a pool's thread running a task. */
    Watched(String name) {
        this.name = name;
    }

    /** Starts {@code body} on a new platform thread called {@code name}. */
    static Watched platform(String name, Body body) {
        return new Watched(name).start(Thread.ofPlatform().name(name), body);
    }

    /** Starts {@code body} on a new virtual thread called {@code name}. */
    static Watched virtual(String name, Body body) {
        return new Watched(name).start(Thread.ofVirtual().name(name), body);
    }

    private Watched start(Thread.Builder builder, Body body) {
        builder.start(() -> {
            here();
            try {
                body.run();
            } catch (Throwable e) {
                failure = e;
            }
        });
        return this;
    }

    /** Called by the watched thread itself: this is the thread, and this is its kernel id. */
    void here() {
        Thread me = Thread.currentThread();
        tid = me.isVirtual() ? -1 : kernelId();
        thread = me;
        known.countDown();
    }

    /** The kernel's id of the calling platform thread, -1 where there is no {@code /proc} to read it. */
    static long kernelId() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
            return -1; // no /proc here (macOS): the kernel's view is not shown
        }
    }

    String name() {
        return name;
    }

    /** The thread, once it has started; waits for it, within {@link Watch#DEADLINE}. */
    Thread thread() {
        try {
            if (!known.await(Watch.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not start within " + Watch.DEADLINE.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        return thread;
    }

    /** The kernel's id of the thread, or -1 where there is none to read (a virtual thread, no /proc). */
    long tid() {
        thread();
        return tid;
    }

    Thread.State javaState() {
        return thread().getState();
    }

    /** Waits for the thread to end, within {@link Watch#DEADLINE}, and rethrows what it failed with. */
    void join() throws InterruptedException {
        Thread t = thread();
        if (!t.join(Watch.DEADLINE)) {
            throw new IllegalStateException(name + " did not finish within " + Watch.DEADLINE.toSeconds() + " s");
        }
        if (failure != null) {
            throw new IllegalStateException(name + " failed: " + failure, failure);
        }
    }
}
