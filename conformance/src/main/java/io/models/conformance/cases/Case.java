package io.models.conformance.cases;

import java.time.Duration;

/**
 * One check, black box: it knows the server only through the protocol (and, if it needs a
 * {@code --pid}, through /proc).
 *
 * @param name     stable short name, for {@code --cases} and every report
 * @param proves   one line: what a pass shows about the server
 * @param needsPid true if the case reads /proc/PID (skipped without {@code --pid})
 * @param deadline the most the case may take; past it, it fails naming what it waited for
 * @param body     the check: returns to pass, throws {@link CaseFailed} to fail
 */
public record Case(String name, String proves, boolean needsPid, Duration deadline, Body body) {

    /** The deadline of a case that exchanges a few MiB at most. */
    static final Duration SHORT = Duration.ofSeconds(30);
    /** The deadline of a case with hundreds of clients, 16 MiB, or a measured window. */
    static final Duration LONG = Duration.ofSeconds(60);

    @FunctionalInterface
    public interface Body {
        void run(Session session) throws Exception;
    }
}
