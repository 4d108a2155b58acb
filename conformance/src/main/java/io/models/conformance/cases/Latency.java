package io.models.conformance.cases;

import io.models.conformance.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code latency}: one client on a quiet server gets its replies at once. The client pauses
 * {@link #PAUSE} before each request, as a person's client does, so that a server that sleeps when it
 * finds nothing to do is asleep when the request comes (back to back, on loopback, the next request is
 * often there before such a server looks again). A correct server answers a short request in well
 * under a millisecond (a JVM, a Python interpreter and a loaded machine included: a few ms here); the
 * limit, {@link #LIMIT}, is a hundred times that, and a tenth of what a loop that sleeps a second
 * between polls gives: its replies wait for the sleep to end, about 980 ms each.
 */
final class Latency {

    static final Case CASE = new Case("latency", false, Case.LONG, Latency::run);

    /** The most the median round trip may take. */
    static final Duration LIMIT = Duration.ofMillis(100);
    /** Round trips measured, after {@link #WARM_UP} not measured (a JIT compiles the path on the first). */
    static final int ROUNDS = 21;
    static final int WARM_UP = 3;
    /** The client's pause before each request. */
    static final Duration PAUSE = Duration.ofMillis(20);

    private Latency() {
    }

    static void run(Session s) throws Exception {
        List<Long> nanos = new ArrayList<>();
        int slow = 0;
        try (CaseClient c = s.connect(Messages.get("label.the-client"))) {
            for (int i = 0; i < WARM_UP + ROUNDS; i++) {
                byte[] sent = Requests.ascii("round trip %02d, thirty-two bytes".formatted(i));
                s.waitingFor(Messages.get("label.round-trip", i));
                Thread.sleep(PAUSE.toMillis()); // the client's pause: the server has nothing to do meanwhile
                long start = System.nanoTime();
                c.send(sent);
                c.expectReply(sent, Messages.get("label.round-trip", i));
                long took = System.nanoTime() - start;
                if (i >= WARM_UP) {
                    nanos.add(took);
                    if (took > LIMIT.toNanos() && ++slow > ROUNDS / 2) {
                        break; // more than half are over: so is the median, whatever the rest
                    }
                }
            }
        }
        Collections.sort(nanos);
        long median = nanos.get(nanos.size() / 2); // if it stopped early, one of the slow ones: over the limit too
        if (median > LIMIT.toNanos()) {
            throw new CaseFailed(Messages.get("latency.slow", median / 1_000_000, nanos.size(), LIMIT.toMillis()));
        }
        s.saw(Messages.get("latency.median", String.format(java.util.Locale.ROOT, "%.2f", median / 1e6), nanos.size(),
                LIMIT.toMillis()));
    }
}
