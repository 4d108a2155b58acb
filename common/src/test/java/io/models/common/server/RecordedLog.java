package io.models.common.server;

import java.lang.System.Logger;
import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A logger that keeps what it is given, for the unit tests of common: a {@link ServerContext} made
 * with it logs here instead of to the JDK's logging. (The test kit's {@code LogCapture} catches
 * what a whole server logs; the kit depends on common, so common's own tests use this.)
 */
public final class RecordedLog implements Logger {

    /** One line: its level, its message with the parameters in, and the exception, if any. */
    public record Line(Level level, String message, Throwable thrown) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    /** A server context named "test" with {@code config}, logging here. */
    public ServerContext context(ServerConfig config) {
        return new ServerContext("test", config, this);
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The ERROR lines, each with its cause, for a failure message. */
    public List<String> errors() {
        return lines.stream().filter(l -> l.level() == Level.ERROR)
                .map(l -> l.message() + (l.thrown() == null ? "" : " <- " + l.thrown())).toList();
    }

    @Override
    public String getName() {
        return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        lines.add(new Line(level, msg, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        lines.add(new Line(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params), null));
    }
}
