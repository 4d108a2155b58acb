package io.models.conformance;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.models.common.linux.Proc;
import io.models.conformance.cases.Case;
import io.models.conformance.cases.CaseClient;
import io.models.conformance.cases.CaseFailed;
import io.models.conformance.cases.Session;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs cases one after another against one server, each within its deadline, and stops trying
 * once the server is gone: after a failed case it checks that a new client is still answered,
 * and if not (or if the process has exited) every case left fails with that reason, at once.
 */
final class Checker {

    private final InetSocketAddress address;
    private final Duration wait;
    private final Proc proc;
    private final Consumer<Verdict> onVerdict;
    private final Session.Reach reach = new Session.Reach();

    /**
     * @param proc     the server's process, or null (then the cases that need it are skipped)
     * @param onVerdict called with each verdict as soon as it is known
     */
    Checker(InetSocketAddress address, Duration wait, Proc proc, Consumer<Verdict> onVerdict) {
        this.address = address;
        this.wait = wait;
        this.proc = proc;
        this.onVerdict = onVerdict;
    }

    /**
     * The first case that ran could not make a single connection: the server cannot be reached.
     * (There is no separate probe before the cases: its connection ending, gracefully or not, is
     * itself a test that some servers fail, and would be reported against the first case.)
     */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Runs {@code cases} in order, passing each verdict to {@code onVerdict} as it comes.
     *
     * @throws Unreachable if the first case that ran could not connect at all (nothing was passed on)
     */
    List<Verdict> run(List<Case> cases) throws Unreachable {
        List<Verdict> verdicts = new ArrayList<>();
        String gone = null; // why the cases left cannot run
        for (Case c : cases) {
            Verdict r;
            if (c.needsPid() && proc == null) {
                r = Verdict.skip(c.name(), "needs --pid (it reads /proc/PID)");
            } else if (gone != null) {
                r = Verdict.fail(c.name(), "not run: " + gone, Duration.ZERO);
            } else {
                boolean first = reach.never();
                r = runOne(c);
                if (r.failed() && first && reach.failedOnly()) {
                    throw new Unreachable(reach.lastFailure());
                }
                if (r.failed()) {
                    gone = gone(c.name());
                    if (gone != null && gone.startsWith("the server died")) {
                        r = Verdict.fail(r.name(), r.why() + " (the server died: process " + proc.pid() + " has exited)",
                                r.time());
                    }
                }
            }
            verdicts.add(r);
            onVerdict.accept(r);
        }
        return verdicts;
    }

    private Verdict runOne(Case c) {
        long start = System.nanoTime();
        Session s = new Session(address, wait, proc, reach);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread body = Thread.ofPlatform().daemon().name("conformance-" + c.name()).start(() -> {
            try {
                c.body().run(s);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(c.deadline().toMillis(), TimeUnit.MILLISECONDS);
            return Verdict.pass(c.name(), since(start));
        } catch (TimeoutException e) {
            String what = s.waitingFor();
            s.abort(); // ends every read and write the case is blocked in
            body.interrupt();
            join(body);
            return Verdict.fail(c.name(), "timed out after %d s waiting for %s".formatted(c.deadline().toSeconds(), what),
                    since(start));
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof CaseFailed failed ? failed.getMessage()
                    : "the checker itself failed: " + e.getCause(); // a bug of ours, said in one line
            return Verdict.fail(c.name(), why, since(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.abort();
            return Verdict.fail(c.name(), "the checker was interrupted", since(start));
        } finally {
            s.close();
        }
    }

    private void join(Thread body) {
        try {
            body.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After a failed case: null if the server still answers a new client, else why the rest cannot run. */
    private String gone(String after) {
        if (proc != null && !proc.alive()) {
            return "the server died during " + after + " (process " + proc.pid() + " has exited)";
        }
        byte[] sent = "are you still there?".getBytes(US_ASCII);
        try (Session s = new Session(address, wait, null, reach)) {
            CaseClient c = s.connect("a new client");
            c.send(sent);
            c.expectReply(sent, "its reply");
            return null;
        } catch (CaseFailed e) {
            if (died()) {
                return "the server died during " + after + " (process " + proc.pid() + " has exited)";
            }
            return "after " + after + " a new client is not served either (" + e.getMessage() + ")";
        }
    }

    /**
     * True if the process has exited, or is exiting: a process that dies closes its sockets before
     * /proc shows it gone, so a refused connection is given a second to show up there.
     */
    private boolean died() {
        if (proc == null) {
            return false;
        }
        long end = System.nanoTime() + 1_000_000_000L;
        do {
            if (!proc.alive()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < end);
        return false;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
