package io.models.bench.soak;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The first thing that fails the soak whatever the samples say, from any of its clients or its
 * watch: a wrong byte; a missing one (a connection the server closed or reset, a reply that did not
 * come); a server that died or could not serve the mix.
 */
final class Faults {

    enum Kind {
        WRONG_BYTE, MISSING_BYTE, SERVER
    }

    /** What went wrong, in one line. */
    record Fault(Kind kind, String what) {
    }

    private final AtomicReference<Fault> first = new AtomicReference<>();

    /** A byte came back that was not the upper-cased one sent. */
    void wrong(String what) {
        first.compareAndSet(null, new Fault(Kind.WRONG_BYTE, what));
    }

    /** A byte did not come back: a connection ended or stalled that the soak kept open. */
    void missing(String what) {
        first.compareAndSet(null, new Fault(Kind.MISSING_BYTE, what));
    }

    /** The server died, ran out of memory, or did not take the mix. */
    void server(String what) {
        first.compareAndSet(null, new Fault(Kind.SERVER, what));
    }

    /** The first fault, or null. */
    Fault first() {
        return first.get();
    }
}
