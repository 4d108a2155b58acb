package io.models.conformance.cases;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code held-1000}: a thousand connections open at once, all answered. How many were answered
 * says which model failed: one (one client at a time), or a few hundred at most (a fixed pool).
 */
final class Held1000 {

    static final Case CASE = new Case("held-1000", "1000 connections held open at once are all answered", false,
            Case.LONG, Held1000::run);

    /** The most held-1000 waits for its connections to open: a correct server opens 1000 in a second or two. */
    private static final Duration CONNECT_BUDGET = Duration.ofSeconds(10);

    private Held1000() {
    }

    static void run(Session s) throws Exception {
        int n = 1000;
        List<CaseClient> held = new ArrayList<>(n);
        long budget = System.nanoTime() + CONNECT_BUDGET.toNanos();
        int retried = 0; // connections that took a second or more: their first SYN was dropped
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            String why = null;
            if (start - budget > 0) {
                why = "only %d of %d connections were open after %d s".formatted(i, n, CONNECT_BUDGET.toSeconds());
            } else {
                try {
                    held.add(s.connect("held client " + i));
                } catch (CaseFailed e) {
                    why = "only %d of %d connections could be opened at once: %s".formatted(i, n, e.getMessage());
                }
            }
            if (why != null) {
                throw new CaseFailed(why + (retried == 0 ? "" : ("; %d of them took a second or more to connect: the "
                        + "server's listen backlog was full, so the kernel dropped their SYN and the client sent it "
                        + "again (the server accepts more slowly than clients arrive, and its backlog is small: "
                        + "listen(5)?)").formatted(retried)));
            }
            if (System.nanoTime() - start >= 900_000_000L) {
                retried++;
            }
        }
        // All open: each sends and waits for its reply at the same time, none leaves before the end.
        List<Future<String>> results = new ArrayList<>(n);
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                CaseClient c = held.get(i);
                byte[] sent = "held client %04d of %d: still here\n".formatted(i, n).getBytes(US_ASCII);
                results.add(each.submit(() -> {
                    try {
                        c.send(sent);
                        c.expectReply(sent, c.label + "'s reply");
                        return null;
                    } catch (CaseClient.Stalled e) {
                        return ""; // no reply: counted, not listed
                    } catch (CaseFailed e) {
                        return e.getMessage();
                    }
                }));
            }
            s.waitingFor("the replies of " + n + " held connections");
        }
        int answered = 0;
        int silent = 0;
        List<String> failures = new ArrayList<>();
        for (Future<String> r : results) {
            String why = r.get();
            if (why == null) {
                answered++;
            } else if (why.isEmpty()) {
                silent++;
            } else {
                failures.add(why);
            }
        }
        if (answered == n) {
            return;
        }
        StringBuilder why = new StringBuilder("%d of %d held connections were answered".formatted(answered, n));
        if (silent > 0) {
            why.append("; %d got no reply in %d s".formatted(silent, s.wait.toSeconds()));
            if (answered == 1) {
                why.append(" (served one client at a time, as 二、阻塞IO)");
            } else if (answered > 1 && answered <= 256) {
                why.append(" (at most %d served at once: a fixed pool? 二、改进方案: “池”始终有其上限)".formatted(answered));
            }
        }
        if (!failures.isEmpty()) {
            why.append("; %d failed, the first: %s".formatted(failures.size(), failures.get(0)));
        }
        throw new CaseFailed(why.toString());
    }
}
