package io.models.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which points run: every shape, every model, every connection count, narrowed by the flags.
 *
 * @param quick       the short sweep: ping-pong 64 B at 100 (01-blocking at 1), stream at 1, idle at 1000
 * @param modules     the models to run (see {@link Subject#MODULES}); null for all
 * @param connections the connection counts to keep; null for all. For the mixed shape the count is
 *                    the idle connections (its 0 baseline is kept with any other); idle is 1000,
 *                    hold is 10,000
 * @param shapes      the shapes to run (see {@link Shape#flag}); null for all
 */
record Sweep(boolean quick, Set<String> modules, Set<Integer> connections, Set<String> shapes) {

    static final List<Integer> PING_PONG_COUNTS = List.of(1, 10, 100, 1000);
    static final List<Integer> QUICK_PING_PONG_COUNTS = List.of(1, 100);
    static final List<Integer> POOL_COUNTS = List.of(10, 100, 1000);
    static final List<Integer> STREAM_COUNTS = List.of(1, 10);
    static final List<Integer> IDLE_BESIDE = List.of(0, 1000, 5000);
    static final int MIXED_ACTIVE = 100;
    static final int IDLE = 1000;
    static final int HOLD = 10_000;
    static final int SMALL = 64;
    static final int LARGE = 4096;
    static final int CHUNK = 64 * 1024;

    /** The models of the mixed shape: every one that serves connections side by side. */
    static final List<Subject> MIXED_SUBJECTS = List.of(Subject.THREADS, Subject.NONBLOCKING, Subject.SELECT,
            Subject.AIO, Subject.SELECTORS, Subject.VIRTUAL_THREADS, Subject.REACTORS, Subject.NETTY_NIO, Subject.NETTY_EPOLL,
            Subject.NETTY_IO_URING, Subject.C);
    static final List<Subject> IDLE_SUBJECTS = List.of(Subject.BLOCKING, Subject.THREADS, Subject.NONBLOCKING,
            Subject.NONBLOCKING_SLEEP, Subject.SELECT, Subject.AIO, Subject.SELECTORS, Subject.VIRTUAL_THREADS, Subject.REACTORS,
            Subject.NETTY_NIO, Subject.NETTY_EPOLL, Subject.NETTY_IO_URING, Subject.C);
    static final List<Subject> HOLD_SUBJECTS = List.of(Subject.SELECT, Subject.SELECTORS, Subject.VIRTUAL_THREADS, Subject.REACTORS,
            Subject.NETTY_NIO, Subject.NETTY_EPOLL, Subject.NETTY_IO_URING, Subject.C);
    /** The heavy-handler shape: 08 with the work on its reactor thread, then on two workers. */
    static final List<Subject> HEAVY_SUBJECTS = List.of(Subject.HEAVY_ON_REACTOR, Subject.HEAVY_ON_WORKERS);
    static final int HEAVY = 20;

    List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        List<Integer> pingPong = quick ? QUICK_PING_PONG_COUNTS : PING_PONG_COUNTS;
        if (shape("pingpong")) {
            addPingPong(steps, Shape.PING_PONG_64, SMALL, pingPong);
            if (!quick) {
                addPingPong(steps, Shape.PING_PONG_4K, LARGE, pingPong);
            }
        }
        if (shape("pool") && !quick) {
            for (int n : POOL_COUNTS) {
                add(steps, Shape.POOL, Subject.POOL_8, n, Load.pingPongAtOnce(n, SMALL));
            }
        }
        if (shape("stream")) {
            for (int n : quick ? List.of(1) : STREAM_COUNTS) {
                for (Subject s : Subject.MAIN) {
                    if (s.concurrent() || n == 1) {
                        add(steps, Shape.STREAM, s, n, Load.stream(n, CHUNK));
                    }
                }
            }
        }
        if (shape("mixed") && !quick && (connections == null || IDLE_BESIDE.stream().skip(1).anyMatch(connections::contains))) {
            for (Subject s : MIXED_SUBJECTS) {
                for (int idle : IDLE_BESIDE) {
                    if (idle == 0 || connections == null || connections.contains(idle)) {
                        addUnfiltered(steps, Shape.MIXED, s, Load.mixed(MIXED_ACTIVE, SMALL, idle));
                    }
                }
            }
        }
        if (shape("idle")) {
            for (Subject s : IDLE_SUBJECTS) {
                add(steps, Shape.IDLE, s, IDLE, Load.idle(IDLE, s.concurrent()));
            }
        }
        if (shape("heavy") && !quick) {
            for (Subject s : HEAVY_SUBJECTS) {
                add(steps, Shape.HEAVY, s, HEAVY, Load.pingPong(HEAVY, SMALL));
            }
        }
        if (shape("hold") && !quick) {
            for (Subject s : HOLD_SUBJECTS) {
                add(steps, Shape.HOLD, s, HOLD, Load.pingPong(HOLD, SMALL));
            }
        }
        if (!quick) {
            addTrials(steps);
        }
        return steps;
    }

    /** The points the targets compare, as groups run side by side. */
    static final List<List<Step>> COMPARED = List.of(
            List.of(new Step(Shape.PING_PONG_64, Subject.AIO, Load.pingPong(100, SMALL)),
                    new Step(Shape.PING_PONG_64, Subject.SELECTORS, Load.pingPong(100, SMALL)),
                    new Step(Shape.PING_PONG_64, Subject.NETTY_EPOLL, Load.pingPong(100, SMALL)),
                    new Step(Shape.PING_PONG_64, Subject.NETTY_IO_URING, Load.pingPong(100, SMALL)),
                    new Step(Shape.PING_PONG_64, Subject.C, Load.pingPong(100, SMALL))),
            List.of(new Step(Shape.PING_PONG_64, Subject.SELECTORS, Load.pingPong(1000, SMALL)),
                    new Step(Shape.PING_PONG_64, Subject.NETTY_EPOLL, Load.pingPong(1000, SMALL)),
                    new Step(Shape.PING_PONG_64, Subject.NETTY_IO_URING, Load.pingPong(1000, SMALL)),
                    new Step(Shape.PING_PONG_64, Subject.C, Load.pingPong(1000, SMALL)),
                    new Step(Shape.PING_PONG_64, Subject.VIRTUAL_THREADS, Load.pingPong(1000, SMALL))),
            List.of(new Step(Shape.PING_PONG_4K, Subject.AIO, Load.pingPong(100, LARGE)),
                    new Step(Shape.PING_PONG_4K, Subject.SELECTORS, Load.pingPong(100, LARGE))),
            List.of(new Step(Shape.STREAM, Subject.SELECTORS, Load.stream(1, CHUNK)),
                    new Step(Shape.STREAM, Subject.C, Load.stream(1, CHUNK))),
            List.of(new Step(Shape.STREAM, Subject.SELECTORS, Load.stream(10, CHUNK)),
                    new Step(Shape.STREAM, Subject.C, Load.stream(10, CHUNK))));
    /** How often each compared point runs in all: the results show the median. */
    static final int TRIALS = 3;

    /**
     * The machine is shared and noisy, and a ratio of two single short runs moves with it: each
     * compared point runs {@link #TRIALS} times, the models of a group one after the other, and the
     * report keeps the median run.
     */
    private static void addTrials(List<Step> steps) {
        Set<Step.Key> present = new java.util.HashSet<>();
        for (Step s : steps) {
            present.add(s.key());
        }
        for (int trial = 2; trial <= TRIALS; trial++) {
            for (List<Step> group : COMPARED) {
                for (Step s : group) {
                    if (present.contains(s.key())) {
                        steps.add(new Step(s.shape(), s.subject(), s.load(), trial));
                    }
                }
            }
        }
    }

    private void addPingPong(List<Step> steps, Shape shape, int bytes, List<Integer> counts) {
        for (int n : counts) {
            for (Subject s : Subject.MAIN) {
                if (quick && n == 1 && s.concurrent()) {
                    continue; // --quick: only 01-blocking at 1 connection, the others at 100
                }
                if (s.concurrent() || n == 1) { // 01-blocking serves one connection at a time
                    add(steps, shape, s, n, Load.pingPong(n, bytes));
                }
            }
        }
    }

    private void add(List<Step> steps, Shape shape, Subject s, int count, Load load) {
        if (connections == null || connections.contains(count)) {
            addUnfiltered(steps, shape, s, load);
        }
    }

    private void addUnfiltered(List<Step> steps, Shape shape, Subject s, Load load) {
        if (quick && (s == Subject.NETTY_NIO || s == Subject.NETTY_IO_URING)) {
            return; // --quick stays under a minute: 09-netty on epoll only
        }
        if (modules == null || modules.contains(s.module())) {
            steps.add(new Step(shape, s, load));
        }
    }

    private boolean shape(String flag) {
        return shapes == null || shapes.contains(flag);
    }
}
