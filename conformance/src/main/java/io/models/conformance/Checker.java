package io.models.conformance;

import io.models.conformance.cases.Case;
import io.models.conformance.cases.CaseClient;
import io.models.conformance.cases.CaseFailed;
import io.models.conformance.cases.ServerProcess;
import io.models.conformance.cases.Session;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs cases one after another, each within its deadline, each against the server {@link Servers}
 * gives it: the same one for the whole run, or with {@code --fresh-server} a new one per case. On
 * one server for the whole run it stops trying once the server is gone: after a failed case it
 * checks that a new client is still answered, and if not (or if the process has exited) every case
 * left fails with that reason, at once. A failed case's report ends with the server's last lines,
 * when the checker started it.
 */
public final class Checker {

    private final Servers servers;
    private final Session.Settings settings;
    private final Consumer<Verdict> onVerdict;
    private final Session.Reach reach = new Session.Reach();

    /**
     * @param proc      the server's process, or null (then the cases that need it are skipped)
     * @param onVerdict called with each verdict as soon as it is known
     */
    Checker(InetSocketAddress address, Duration wait, ServerProcess proc, Consumer<Verdict> onVerdict) {
        this(Servers.given(address, proc), Session.Settings.waiting(wait), onVerdict);
    }

    Checker(Servers servers, Session.Settings settings, Consumer<Verdict> onVerdict) {
        this.servers = servers;
        this.settings = settings;
        this.onVerdict = onVerdict;
    }

    /**
     * Runs the case called {@code name} (one that needs no process) against the server at
     * {@code address}, as the checker runs it, and returns the line it prints: {@code PASS name}, or
     * {@code FAIL name: why} in the checker's words. For the tests of other modules that check the
     * same thing (the container tests), so that it is checked by the same case.
     *
     * @throws IllegalArgumentException if there is no such case, or it needs the server's process
     */
    public static String check(InetSocketAddress address, Duration wait, String name) {
        Case c = io.models.conformance.cases.Cases.named(name);
        if (c == null || c.needsPid()) {
            throw new IllegalArgumentException("not a case that needs no process: " + name); // a test's own mistake
        }
        try {
            return new Checker(address, wait, null, v -> { }).run(List.of(c)).get(0).line();
        } catch (Unreachable e) {
            return Verdict.fail(name, Messages.get("main.unreachable", address.getHostString(), address.getPort(),
                    e.getMessage()), Duration.ZERO).line();
        }
    }

    /**
     * The first case that ran could not make a single connection, or its server did not start: the
     * server cannot be reached. (There is no separate probe before the cases: its connection
     * ending, gracefully or not, is itself a test that some servers fail, and would be reported
     * against the first case.)
     */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;
        /** The server's last lines, when the checker started it. */
        final transient List<String> output;
        /** True if the server the checker started did not listen (the message says so); false if it did not answer. */
        final boolean didNotStart;

        Unreachable(String why, List<String> output, boolean didNotStart) {
            super(why, null, false, false);
            this.output = List.copyOf(output);
            this.didNotStart = didNotStart;
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
            if (c.needsPid() && !servers.hasProcess()) {
                r = Verdict.skip(c.name(), Messages.get("checker.needs-process"));
            } else if (gone != null) {
                r = Verdict.fail(c.name(), Messages.get("checker.not-run", gone), Duration.ZERO);
            } else {
                Servers.Server server;
                try {
                    server = servers.next();
                } catch (ServerCommand.CannotStart e) {
                    if (reach.never()) {
                        throw new Unreachable(e.getMessage(), e.output, true);
                    }
                    r = Verdict.fail(c.name(), e.getMessage(), Duration.ZERO).withDetails(printed(e.output));
                    verdicts.add(r);
                    onVerdict.accept(r);
                    continue;
                }
                long mark = server.mark();
                boolean first = reach.never();
                r = runOne(c, server);
                if (r.failed() && first && reach.failedOnly()) {
                    List<String> output = server.linesSince(mark);
                    servers.after(server);
                    throw new Unreachable(reach.lastFailure(), output, false);
                }
                if (r.failed() && !servers.fresh()) {
                    gone = gone(c.name(), server);
                    if (gone != null && server.process() != null && !server.process().alive()) {
                        r = new Verdict(r.name(), r.status(), r.why() + " " + Messages.get("checker.died-here",
                                server.process().pid()), r.time(), r.details());
                    }
                }
                if (r.failed()) {
                    // What it printed meanwhile; for a server that died, its last words, even if printed just before
                    // the case began (a crash message races with the end of the case before).
                    boolean died = server.process() != null && !server.process().alive();
                    r = r.withDetails(printed(server.linesSince(died ? 0 : mark)));
                }
                servers.after(server);
            }
            verdicts.add(r);
            onVerdict.accept(r);
        }
        return verdicts;
    }

    /** The most of one of the server's lines shown: a server may print a whole list on one line. */
    static final int LINE = 200;

    /** The server's last lines, under a header, for a failed case's report; nothing if it printed none. */
    private static List<String> printed(List<String> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> all = new ArrayList<>(List.of(Messages.get("checker.server-printed", lines.size())));
        lines.forEach(l -> all.add(shown(l)));
        return all;
    }

    /** One of the server's lines as shown: after a bar, cut at {@value #LINE} characters. */
    static String shown(String line) {
        return "| " + (line.length() <= LINE ? line : line.substring(0, LINE) + " ...");
    }

    private Verdict runOne(Case c, Servers.Server server) {
        long start = System.nanoTime();
        Session s = new Session(server.address(), settings, server.process(), reach);
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
            return Verdict.pass(c.name(), s.saw(), since(start)).withDetails(s.evidence());
        } catch (TimeoutException e) {
            String what = s.waitingFor();
            s.abort(); // ends every read and write the case is blocked in
            body.interrupt();
            join(body);
            return Verdict.fail(c.name(), Messages.get("checker.timed-out", c.deadline().toSeconds(), what),
                    since(start)).withDetails(s.evidence());
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof CaseFailed failed ? failed.getMessage()
                    : Messages.get("checker.own-failure", String.valueOf(e.getCause())); // a bug of ours, in one line
            return Verdict.fail(c.name(), why, since(start)).withDetails(s.evidence());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.abort();
            return Verdict.fail(c.name(), Messages.get("checker.interrupted"), since(start));
        } finally {
            s.close();
        }
    }

    private void join(Thread body) {
        try {
            body.join(settings.waitLimit().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After a failed case: null if the server still answers a new client, else why the rest cannot
     * run. The probe is a line (it ends in a newline), so a server that reads lines answers it too.
     */
    private String gone(String after, Servers.Server server) {
        ServerProcess proc = server.process();
        if (proc != null && !proc.alive()) {
            return Messages.get("checker.died", after, proc.pid());
        }
        byte[] sent = "are you still there?\n".getBytes(StandardCharsets.US_ASCII);
        try (Session s = new Session(server.address(), settings, null, reach)) {
            CaseClient c = s.connect(Messages.get("label.a-new-client"));
            c.send(sent);
            c.expectReply(sent, Messages.get("label.its-reply"));
            return null;
        } catch (CaseFailed e) {
            if (died(server)) {
                return Messages.get("checker.died", after, proc.pid());
            }
            return Messages.get("checker.not-served", after, e.getMessage());
        }
    }

    /**
     * True if the process has exited, or is exiting: a process that dies closes its sockets before
     * /proc shows it gone, so a refused connection is given a second to show up there.
     */
    private static boolean died(Servers.Server server) {
        ServerProcess proc = server.process();
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
