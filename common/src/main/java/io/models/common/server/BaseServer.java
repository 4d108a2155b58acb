package io.models.common.server;

import java.io.IOException;

/**
 * The one server of this project, Python's {@code socketserver.BaseServer}: it owns the lifecycle
 * once, and a chapter hands it only its {@link Model}, how connections are driven.
 * {@link #start()} gives the model a fresh {@link ServerContext} (config, counters, logger,
 * admission, the connections open now) and lets it open its listener and start its threads; if
 * that fails, whatever it had opened is closed again. {@link #close()} stops what the model
 * registered, the last first, then ends every connection still open: one order for every chapter.
 */
public final class BaseServer implements EchoServer {

    private final Model model;
    private final ServerContext context;
    private boolean started;

    public BaseServer(ServerConfig config, Model model) {
        this.model = model;
        this.context = new ServerContext(model.name(), config);
    }

    @Override
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException(name() + " is started already");
        }
        started = true;
        try {
            model.start(context);
        } catch (IOException | RuntimeException | Error e) {
            context.stop(); // what it opened before it failed: the listener, a selector, threads
            throw e;
        }
    }

    @Override
    public int port() {
        return context.port();
    }

    @Override
    public Stats stats() {
        return context.snapshot();
    }

    @Override
    public String name() {
        return model.name();
    }

    /** The model this server runs (a lesson test looks inside it). */
    public Model model() {
        return model;
    }

    /** Its select loops' counts, or null if its model has none ({@link EventLoop#of}). */
    EventLoop eventLoop() {
        return context.eventLoop();
    }

    @Override
    public void close() {
        context.stop();
    }
}
