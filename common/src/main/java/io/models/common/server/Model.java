package io.models.common.server;

import java.io.IOException;

/**
 * A chapter's IO model: how its connections are driven. It is all a chapter writes; {@link BaseServer}
 * does the rest, once for every chapter (Python's {@code socketserver}: the server class owns the
 * lifecycle, the mix-in decides how requests are served).
 *
 * <p>{@link #start} opens what the model needs through the {@link ServerContext} (the listener,
 * its threads, a selector), each registered there so that the server can close it, and returns
 * once clients can connect. It never closes anything itself: {@link BaseServer#close()} stops what
 * was registered, in the reverse order, then ends every connection still open.
 */
public abstract class Model {

    private final String name;

    /** @param name the chapter's name, such as "04-select": the logger's name and the prefix of every thread */
    protected Model(String name) {
        this.name = name;
    }

    /** The chapter's name, such as "04-select". */
    public final String name() {
        return name;
    }

    /** Opens the listener and starts serving; returns once clients can connect. */
    public abstract void start(ServerContext server) throws IOException;
}
