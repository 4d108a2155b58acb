package io.models.conformance.cases;

import io.models.conformance.Messages;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which IO model a server runs, told from what /proc showed while the checker held connections to
 * it: where each thread sleeps, how many threads and sockets it has, what its descriptors are. The
 * verdict is in the note's words, with the evidence; what /proc cannot tell apart is said, not
 * guessed: the models it may be, all of them.
 *
 * @param models   the models it may be, among {@link #MODELS} (empty: it cannot tell)
 * @param saw      the verdict, one line: what it saw and the note's name for it
 * @param evidence the lines that back it: the threads' waits, the sockets, the descriptors, the CPU
 */
public record ModelVerdict(Set<String> models, String saw, List<String> evidence) {

    /** The models {@code --model} may name. */
    public static final List<String> MODELS = List.of("blocking", "threads", "pool", "nonblocking", "select", "poll",
            "epoll", "io_uring");

    /** One thread as one sample saw it. */
    record Seen(long pid, long tid, String name, Wait where) {
    }

    /**
     * One phase of the probe: its samples (each every thread of the server at one moment), the
     * server's descriptors at its end, and the share of a core it used meanwhile.
     *
     * @param samples the threads, sample by sample
     * @param fds     the server's descriptors by kind ({@code socket}, {@code anon_inode:[eventpoll]}...)
     * @param cpu     % of one core over the phase
     */
    record Phase(List<List<Seen>> samples, Map<String, Integer> fds, double cpu) {

        int sockets() {
            return fds.getOrDefault("socket", 0);
        }

        int processes() {
            Set<Long> pids = new LinkedHashSet<>();
            samples.forEach(s -> s.forEach(t -> pids.add(t.pid())));
            return pids.size();
        }
    }

    /** A thread's wait over a phase: where it slept most, or {@link Wait#RUNNING} if it hardly ever slept. */
    record Thread(long pid, long tid, String name, Wait where, Wait whenAsleep) {
    }

    /** A thread that is running in at least this share of the samples it was in runs flat out. */
    static final double FLAT_OUT = 0.8;
    /** Threads waiting in a read, at least this share of the connections held: a thread per connection. */
    static final double PER_CONNECTION = 0.5;
    /** A server with no thread waiting on a socket that uses this much of a core while idle polls. */
    static final double POLLING_PERCENT = 5.0;
    /** ...and at least this many: a pool of a few threads is not a thread per connection. */
    static final int MANY = 20;

    /** Each thread's wait over {@code phase}: its most frequent one, or RUNNING if it runs flat out. */
    static List<Thread> threads(Phase phase) {
        Map<Long, Map<Wait, Integer>> counts = new LinkedHashMap<>();
        Map<Long, Seen> last = new LinkedHashMap<>();
        for (List<Seen> sample : phase.samples()) {
            for (Seen t : sample) {
                counts.computeIfAbsent(t.tid(), k -> new EnumMap<>(Wait.class)).merge(t.where(), 1, Integer::sum);
                last.put(t.tid(), t);
            }
        }
        List<Thread> threads = new ArrayList<>();
        for (Map.Entry<Long, Map<Wait, Integer>> e : counts.entrySet()) {
            Map<Wait, Integer> c = e.getValue();
            int seen = c.values().stream().mapToInt(Integer::intValue).sum();
            Wait asleep = null;
            for (Wait w : Wait.values()) { // the enum's order breaks a tie: an IO wait before a lock
                if (w != Wait.RUNNING && c.getOrDefault(w, 0) > 0
                        && (asleep == null || c.get(w) > c.get(asleep))) {
                    asleep = w;
                }
            }
            boolean flatOut = c.getOrDefault(Wait.RUNNING, 0) >= FLAT_OUT * seen || asleep == null;
            Seen t = last.get(e.getKey());
            threads.add(new Thread(t.pid(), t.tid(), t.name(), flatOut ? Wait.RUNNING : asleep, asleep));
        }
        return threads;
    }

    /**
     * The verdict from the idle phase (the server holding {@code connections} idle ones), with the
     * busy phase (100 of them talking) as more evidence.
     */
    public static ModelVerdict of(int connections, Phase idle, Phase busy) {
        List<Thread> threads = threads(idle);
        Map<Wait, List<Thread>> by = new EnumMap<>(Wait.class);
        for (Thread t : threads) {
            by.computeIfAbsent(t.where(), k -> new ArrayList<>()).add(t);
        }
        int sockets = idle.sockets();
        int held = Math.max(0, Math.min(connections, sockets - 1)); // its sockets: the listener and the connections
        int readers = count(by, Wait.READ) + count(by, Wait.WRITE);
        int processes = idle.processes();
        List<Thread> spinning = by.getOrDefault(Wait.RUNNING, List.of());

        Set<String> models = new LinkedHashSet<>();
        Set<Wait> decided = java.util.EnumSet.noneOf(Wait.class); // the waits the verdict rests on
        String saw;
        if (readers >= MANY && readers >= PER_CONNECTION * held) {
            models.add("threads");
            decided.addAll(List.of(Wait.READ, Wait.WRITE));
            saw = Messages.get(processes >= MANY ? "model.processes" : "model.threads", readers);
        } else if (count(by, Wait.IO_URING) > 0) {
            models.add("io_uring");
            decided.add(Wait.IO_URING);
            saw = Messages.get("model.io_uring", count(by, Wait.IO_URING), idle.fds().getOrDefault(
                    "anon_inode:[io_uring]", 0));
        } else if (count(by, Wait.EPOLL) > 0) {
            models.add("epoll");
            decided.add(Wait.EPOLL);
            int n = count(by, Wait.EPOLL);
            saw = Messages.get(n == 1 ? "model.epoll" : "model.epolls", n, sockets);
        } else if (count(by, Wait.POLL) > 0) {
            models.add("poll");
            decided.add(Wait.POLL);
            saw = Messages.get("model.poll", sockets);
        } else if (count(by, Wait.SELECT) > 0) {
            models.add("select");
            decided.add(Wait.SELECT);
            saw = Messages.get("model.select", sockets);
        } else if (count(by, Wait.POLL_OR_SELECT) > 0) {
            models.add("poll");
            models.add("select");
            decided.add(Wait.POLL_OR_SELECT);
            saw = Messages.get("model.poll-or-select", sockets);
        } else if (readers == 1) {
            models.add("blocking");
            decided.addAll(List.of(Wait.READ, Wait.WRITE));
            saw = Messages.get("model.blocking", Math.max(0, connections - 1), sockets);
        } else if (readers > 1) {
            models.add("pool");
            decided.addAll(List.of(Wait.READ, Wait.WRITE));
            saw = Messages.get("model.pool", readers, sockets);
        } else if (!spinning.isEmpty()) {
            decided.add(Wait.RUNNING);
            Wait through = spinning.get(0).whenAsleep();
            if (through == Wait.EPOLL || through == Wait.POLL || through == Wait.SELECT || through == Wait.POLL_OR_SELECT) {
                models.add(through == Wait.EPOLL ? "epoll" : through == Wait.SELECT ? "select" : "poll");
                saw = Messages.get("model.spinning-loop", Replies.percent(idle.cpu()), waitName(through));
            } else {
                models.add("nonblocking");
                saw = Messages.get("model.nonblocking", Replies.percent(idle.cpu()));
            }
        } else if (count(by, Wait.SLEEP) > 0) {
            models.add("nonblocking");
            decided.add(Wait.SLEEP);
            saw = Messages.get("model.nonblocking-sleeps");
        } else if (idle.cpu() >= POLLING_PERCENT) {
            // A sleep that is a timed wait on a lock (a JVM's Thread.sleep is a futex with a timeout):
            // no thread waits on a socket, yet it works while nothing happens.
            models.add("nonblocking");
            saw = Messages.get("model.nonblocking-polls", Replies.percent(idle.cpu()));
        } else {
            saw = Messages.get("model.unknown");
        }

        List<String> evidence = new ArrayList<>();
        evidence.add(Messages.get("model.held", connections, sockets, processes));
        evidence.add(Messages.get("model.idle-threads", threads.size(), waits(threads), Replies.percent(idle.cpu())));
        String names = names(threads, decided);
        if (!names.isEmpty()) {
            evidence.add(Messages.get("model.names", names));
        }
        String fds = descriptors(idle.fds());
        if (!fds.isEmpty()) {
            evidence.add(Messages.get("model.descriptors", fds));
        }
        if (busy != null) {
            List<Thread> talking = threads(busy);
            evidence.add(Messages.get("model.busy-threads", talking.size(), waits(talking), Replies.percent(busy.cpu())));
        }
        if (models.contains("epoll")) {
            evidence.add(Messages.get("model.cannot-tell-epoll"));
        }
        if (models.contains("poll") && models.contains("select")) {
            evidence.add(Messages.get("model.cannot-tell-select"));
        }
        return new ModelVerdict(models, saw, evidence);
    }

    /** "in epoll_wait", "on a lock": where a thread is, in a message. */
    static String waitName(Wait w) {
        return Messages.get("wait." + w.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static int count(Map<Wait, List<Thread>> by, Wait w) {
        return by.getOrDefault(w, List.of()).size();
    }

    /** "1 epoll_wait, 2 running, 17 lock": how many threads sleep where, the waits of an IO model first. */
    static String waits(List<Thread> threads) {
        Map<Wait, Integer> n = new EnumMap<>(Wait.class);
        threads.forEach(t -> n.merge(t.where(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((w, k) -> parts.add(k + " " + waitName(w)));
        return String.join(", ", parts);
    }

    /** The names of up to three threads in the waits the verdict rests on, with their wait: what a reader recognises. */
    private static String names(List<Thread> threads, Set<Wait> decided) {
        Set<String> shown = new LinkedHashSet<>();
        for (Thread t : threads) {
            if (decided.contains(t.where()) && shown.size() < 3) {
                shown.add("'" + t.name() + "' (" + waitName(t.where()) + ")");
            }
        }
        return String.join(", ", shown);
    }

    /** "1001 socket, 1 anon_inode:[eventpoll]": the descriptors that tell a model, counted. */
    private static String descriptors(Map<String, Integer> fds) {
        List<String> parts = new ArrayList<>();
        fds.forEach((kind, k) -> {
            if (kind.equals("socket") || kind.contains("eventpoll") || kind.contains("io_uring")) {
                parts.add(k + " " + kind);
            }
        });
        return String.join(", ", parts);
    }
}
