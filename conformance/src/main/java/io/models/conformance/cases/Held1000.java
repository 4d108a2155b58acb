package io.models.conformance.cases;

import io.models.conformance.Messages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code held-1000}: a thousand connections open at once, all answered. How many were answered
 * says which model failed: one (one client at a time), or a few hundred at most (a fixed pool).
 */
final class Held1000 {

    static final Case CASE = new Case("held-1000", false, Case.LONG, Held1000::run);

    /** The most held-1000 waits for its connections to open: a correct server opens 1000 in a second or two. */
    private static final Duration CONNECT_BUDGET = Duration.ofSeconds(10);
    /**
     * The most held-1000 waits for its replies while they still come: under load a server with a
     * thread per connection answers a thousand slowly, but it answers (the case's limit is 60 s).
     */
    private static final Duration REPLY_BUDGET = Duration.ofSeconds(40);

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
                why = Messages.get("held.not-open", i, n, CONNECT_BUDGET.toSeconds());
            } else {
                try {
                    held.add(s.connect(Messages.get("label.held-client", i)));
                } catch (CaseFailed e) {
                    why = Messages.get("held.not-opened", i, n, e.getMessage());
                }
            }
            if (why != null) {
                throw new CaseFailed(why + (retried == 0 ? "" : Messages.get("held.syn-retried", retried)));
            }
            if (System.nanoTime() - start >= 900_000_000L) {
                retried++;
            }
        }
        // All open: each sends and waits for its reply at the same time, none leaves before the end.
        List<Future<String>> results = new ArrayList<>(n);
        AtomicLong lastReply = new AtomicLong(System.nanoTime());
        long giveUp = System.nanoTime() + REPLY_BUDGET.toNanos();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                CaseClient c = held.get(i);
                byte[] sent = Requests.ascii("held client %04d of %d: still here\n".formatted(i, n));
                results.add(each.submit(() -> {
                    try {
                        c.send(sent);
                        awaitReply(s, c, sent, lastReply, giveUp);
                        return null;
                    } catch (CaseClient.Stalled e) {
                        return ""; // no reply: counted, not listed
                    } catch (CaseFailed e) {
                        return e.getMessage();
                    }
                }));
            }
            s.waitingFor(Messages.get("held.waiting", n));
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
        StringBuilder why = new StringBuilder(Messages.get("held.answered", answered, n));
        if (silent > 0) {
            why.append(Messages.get("held.silent", silent, s.wait.toSeconds()));
            if (answered == 1) {
                why.append(' ').append(Messages.get("held.one-at-a-time"));
            } else if (answered > 1 && answered <= 256) {
                why.append(' ').append(Messages.get("held.pool", answered));
            }
        }
        if (!failures.isEmpty()) {
            why.append(Messages.get("held.failed", failures.size(), failures.get(0)));
        }
        throw new CaseFailed(why.toString());
    }

    /**
     * Reads {@code c}'s reply. A silence of {@code --wait} fails it only when no other held client
     * got its reply in that time either: while replies still come, the server is slow (a thousand
     * threads on a busy machine), not stuck, and this client goes on waiting, up to {@link #REPLY_BUDGET}.
     */
    private static void awaitReply(Session s, CaseClient c, byte[] sent, AtomicLong lastReply, long giveUp)
            throws CaseFailed {
        String what = Messages.get("label.reply-of", c.label);
        byte[] got = new byte[0];
        while (true) {
            try {
                got = Requests.concat(got, c.readExactly(sent.length - got.length, what));
                lastReply.set(System.nanoTime());
                Replies.expectUpper(sent, got, what);
                return;
            } catch (CaseClient.Stalled e) {
                got = Requests.concat(got, e.partial);
                Replies.expectUpperPrefix(sent, got, what);
                long now = System.nanoTime();
                if (now - lastReply.get() >= s.wait.toNanos() || now - giveUp > 0) {
                    throw new CaseClient.Stalled(e.getMessage(), got);
                }
            }
        }
    }
}
