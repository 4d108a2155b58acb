package io.models.conformance.cases;

import io.models.common.linux.Proc;
import io.models.conformance.Messages;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code model}: tells the server's IO model from /proc alone. It holds up to 1000 idle connections
 * and samples where each of the server's threads sleeps, then has 100 of them talk and samples
 * again ({@link ModelVerdict} reads the samples). It passes with the verdict on its line; with
 * {@code --model NAME} it fails unless the verdict may be that model, saying what it saw.
 */
final class ModelCase {

    static final Case CASE = new Case("model", true, Case.LONG, ModelCase::run);

    /** Idle connections held while the threads are sampled. */
    static final int HELD = 1000;
    /** Of those, the ones that talk in the second phase. */
    static final int TALKING = 100;
    /** The most the connections may take to open: a server with a tiny backlog is sampled with what it took. */
    static final Duration CONNECT_BUDGET = Duration.ofSeconds(10);
    /** Samples per phase, this far apart. */
    static final int SAMPLES = 15;
    static final Duration EVERY = Duration.ofMillis(100);
    /**
     * The most one phase's samples may take once it has {@link #FEWEST}: a server with a thousand
     * threads takes seconds a sample on a loaded machine (three files of /proc per thread), and the
     * case's deadline is 60 s for both phases and the connections.
     */
    static final Duration PHASE_BUDGET = Duration.ofSeconds(10);
    static final int FEWEST = 3;

    private ModelCase() {
    }

    static void run(Session s) throws Exception {
        ServerProcess p = s.proc();
        List<CaseClient> held = hold(s);
        ProcessCases.settle(s, p);
        s.waitingFor(Messages.get("model.waiting-idle", held.size()));
        ModelVerdict.Phase idle = phase(p);

        AtomicBoolean talk = new AtomicBoolean(true);
        ExecutorService talkers = Executors.newVirtualThreadPerTaskExecutor(); // not awaited: the session's end stops them
        for (CaseClient c : held.subList(0, Math.min(TALKING, held.size()))) {
            talkers.submit(() -> {
                byte[] sent = Requests.ascii("talking while the threads are sampled");
                while (talk.get()) {
                    c.send(sent);
                    c.readExactly(sent.length, Messages.get("label.reply-of", c.label));
                }
                return null;
            });
        }
        s.waitingFor(Messages.get("model.waiting-busy", Math.min(TALKING, held.size())));
        ModelVerdict.Phase busy;
        try {
            busy = phase(p);
        } finally {
            talk.set(false);
            talkers.shutdown();
        }

        ModelVerdict v = ModelVerdict.of(held.size(), idle, busy);
        v.evidence().forEach(s::evidence);
        List<String> expected = s.settings.models(); // any of them passes: select,poll
        if (!expected.isEmpty() && expected.stream().noneMatch(v.models()::contains)) {
            throw new CaseFailed(Messages.get("model.not-expected", String.join(",", expected), v.saw()));
        }
        s.saw(v.saw());
    }

    /** Opens up to {@link #HELD} connections, stopping at the budget or at the first that does not connect. */
    private static List<CaseClient> hold(Session s) throws CaseFailed {
        List<CaseClient> held = new ArrayList<>(HELD);
        long end = System.nanoTime() + CONNECT_BUDGET.toNanos();
        for (int i = 0; i < HELD && System.nanoTime() < end; i++) {
            try {
                held.add(s.connect(Messages.get("label.held-client", i)));
            } catch (CaseFailed e) {
                if (held.isEmpty()) {
                    throw e;
                }
                break; // its backlog is full and it accepts slowly: sampled with what it took
            }
        }
        return held;
    }

    /** {@link #SAMPLES} samples of every thread of the server, its descriptors, and its CPU meanwhile. */
    static ModelVerdict.Phase phase(ServerProcess p) throws Exception {
        long ticks = ProcessCases.read(p, ServerProcess::cpuTicks);
        long start = System.nanoTime();
        List<List<ModelVerdict.Seen>> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            if (i >= FEWEST && System.nanoTime() - start > PHASE_BUDGET.toNanos()) {
                break; // enough to go on: a thousand threads are seen in a few samples as well as in fifteen
            }
            long at = System.nanoTime();
            samples.add(sample(p));
            long left = EVERY.toNanos() - (System.nanoTime() - at);
            if (left > 0) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = 100.0 * (ProcessCases.read(p, ServerProcess::cpuTicks) - ticks) / Proc.TICKS_PER_SECOND / seconds;
        return new ModelVerdict.Phase(samples, descriptors(p), cpu);
    }

    private static List<ModelVerdict.Seen> sample(ServerProcess p) throws CaseFailed {
        try {
            List<ModelVerdict.Seen> seen = new ArrayList<>();
            for (ServerProcess.Thread t : p.threadsNow()) {
                Proc.Task task = t.task();
                seen.add(new ModelVerdict.Seen(t.pid(), task.tid(), task.name(),
                        Wait.of(task.state(), task.wchan(), task.syscall())));
            }
            return seen;
        } catch (IOException e) {
            ProcessCases.read(p, ServerProcess::threads); // says it has exited, if it has
            throw new CaseFailed(Messages.get("process.unreadable", p.pid(), e.getMessage()));
        }
    }

    /** The server's descriptors by kind: {@code socket}, {@code anon_inode:[eventpoll]}, a path... */
    private static Map<String, Integer> descriptors(ServerProcess p) throws CaseFailed {
        try {
            Map<String, Integer> kinds = new LinkedHashMap<>();
            for (String target : p.fdTargets()) {
                kinds.merge(target.startsWith("socket:") ? "socket" : target, 1, Integer::sum);
            }
            return kinds;
        } catch (IOException e) {
            ProcessCases.read(p, ServerProcess::fds);
            throw new CaseFailed(Messages.get("process.unreadable", p.pid(), e.getMessage()));
        }
    }
}
