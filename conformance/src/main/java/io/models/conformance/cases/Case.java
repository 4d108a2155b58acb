package io.models.conformance.cases;

import io.models.conformance.Messages;
import java.time.Duration;

/**
 * One check, black box: it knows the server only through the protocol (and, if it needs the
 * server's process, through /proc).
 *
 * @param name     stable short name, for {@code --cases} and every report; what a pass shows is the
 *                 message {@code case.NAME} ({@link #proves()})
 * @param needsPid true if the case reads the server's process in /proc ({@code --pid} or {@code --exec});
 *                 skipped without one
 * @param deadline the most the case may take; past it, it fails naming what it waited for
 * @param body     the check: returns to pass, throws {@link CaseFailed} to fail
 */
public record Case(String name, boolean needsPid, Duration deadline, Body body) {

    /** The deadline of a case that exchanges a few MiB at most. */
    static final Duration SHORT = Duration.ofSeconds(30);
    /** The deadline of a case with hundreds of clients, 16 MiB, or a measured window. */
    static final Duration LONG = Duration.ofSeconds(60);

    /** One line: what a pass shows about the server, in the language of {@link Messages}. */
    public String proves() {
        return Messages.get("case." + name);
    }

    @FunctionalInterface
    public interface Body {
        void run(Session session) throws Exception;
    }
}
