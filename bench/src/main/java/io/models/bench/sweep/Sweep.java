package io.models.bench.sweep;

import io.models.bench.load.Load;
import io.models.bench.load.Shape;
import io.models.bench.server.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which points run: every shape, every model, every connection count, narrowed by the flags. Which
 * models take part in which shape, and which the quick sweep runs, is their descriptors' to say
 * ({@link Subject#shapes}, {@link Subject#quick}); a model that serves one connection at a time runs
 * at 1 connection only.
 *
 * @param subjects    every model in order (the chapters' variants, then the C reference)
 * @param quick       the short sweep: ping-pong 64 B at 100 (a model that serves one connection at a
 *                    time at 1), stream at 1, idle at 1000; only the subjects that say {@code quick}
 * @param modules     the models to run (their modules); null for all
 * @param connections the connection counts to keep; null for all. For the mixed shape the count is
 *                    the idle connections (its 0 baseline is kept with any other); idle is 1000,
 *                    hold is 10,000
 * @param shapes      the shapes to run (see {@link Shape#flag}); null for all
 * @param pinned      true if the main rows run pinned (the machine has two cores or more): then the
 *                    headline points also run once not pinned, for the second table
 */
public record Sweep(List<Subject> subjects, boolean quick, Set<String> modules, Set<Integer> connections, Set<String> shapes,
                    boolean pinned) {

    public Sweep(List<Subject> subjects, boolean quick, Set<String> modules, Set<Integer> connections, Set<String> shapes) {
        this(subjects, quick, modules, connections, shapes, false);
    }

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
    static final int HEAVY = 20;

    public List<Step> steps() {
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
                for (Subject s : in(Shape.POOL)) {
                    add(steps, Shape.POOL, s, n, Load.pingPongAtOnce(n, SMALL));
                }
            }
        }
        if (shape("stream")) {
            for (int n : quick ? List.of(1) : STREAM_COUNTS) {
                for (Subject s : in(Shape.STREAM)) {
                    if (s.concurrent() || n == 1) {
                        add(steps, Shape.STREAM, s, n, Load.stream(n, CHUNK));
                    }
                }
            }
        }
        if (shape("mixed") && !quick && (connections == null || IDLE_BESIDE.stream().skip(1).anyMatch(connections::contains))) {
            for (Subject s : in(Shape.MIXED)) {
                for (int idle : IDLE_BESIDE) {
                    if (idle == 0 || connections == null || connections.contains(idle)) {
                        addUnfiltered(steps, Shape.MIXED, s, Load.mixed(MIXED_ACTIVE, SMALL, idle));
                    }
                }
            }
        }
        if (shape("idle")) {
            for (Subject s : in(Shape.IDLE)) {
                add(steps, Shape.IDLE, s, IDLE, Load.idle(IDLE, s.concurrent()));
            }
        }
        if (shape("heavy") && !quick) {
            for (Subject s : in(Shape.HEAVY)) {
                add(steps, Shape.HEAVY, s, HEAVY, Load.pingPong(HEAVY, SMALL));
            }
        }
        if (shape("hold") && !quick) {
            for (Subject s : in(Shape.HOLD)) {
                add(steps, Shape.HOLD, s, HOLD, Load.pingPong(HOLD, SMALL));
            }
        }
        if (!quick) {
            List<Step> once = List.copyOf(steps);
            addTrials(steps);
            addSecondGenerator(steps, once, pinned);
        }
        return steps;
    }

    /**
     * The headline points ({@link Targets#HEADLINE}) again with the C load generator, every trial, the
     * models of a point one after the other; and, when the main rows are pinned, each once more with
     * the bench's own load generator, not pinned (the second table).
     */
    private static void addSecondGenerator(List<Step> steps, List<Step> once, boolean pinned) {
        for (int trial = 1; trial <= TRIALS; trial++) {
            for (List<Targets.Point> group : Targets.HEADLINE) {
                for (Targets.Point p : group) {
                    for (Step s : once) {
                        if (p.is(s)) {
                            steps.add(new Step(s.shape(), s.subject(), s.load(), trial, Step.Generator.C, false));
                        }
                    }
                }
            }
        }
        if (pinned) {
            for (List<Targets.Point> group : Targets.HEADLINE) {
                for (Targets.Point p : group) {
                    for (Step s : once) {
                        if (p.is(s)) {
                            steps.add(new Step(s.shape(), s.subject(), s.load(), 1, Step.Generator.JAVA, true));
                        }
                    }
                }
            }
        }
    }

    /** How often each compared point runs in all: the results show the median. */
    static final int TRIALS = 3;

    /**
     * The machine is shared and noisy, and a ratio of two single short runs moves with it: each
     * point the targets compare ({@link Targets#COMPARED}) runs {@link #TRIALS} times, the models of a
     * group one after the other, and the report keeps the median run.
     */
    private static void addTrials(List<Step> steps) {
        List<Step> once = List.copyOf(steps);
        for (int trial = 2; trial <= TRIALS; trial++) {
            for (List<Targets.Point> group : Targets.COMPARED) {
                for (Targets.Point p : group) {
                    for (Step s : once) {
                        if (p.is(s)) {
                            steps.add(new Step(s.shape(), s.subject(), s.load(), trial));
                        }
                    }
                }
            }
        }
    }

    private void addPingPong(List<Step> steps, Shape shape, int bytes, List<Integer> counts) {
        for (int n : counts) {
            for (Subject s : in(shape)) {
                if (quick && n == 1 && s.concurrent()) {
                    continue; // --quick: at 1 connection only a model that serves one at a time, the others at 100
                }
                if (s.concurrent() || n == 1) { // one connection at a time: the others would wait for ever
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
        if (quick && !s.quick()) {
            return; // --quick stays under a minute: only the variants their chapters mark quick
        }
        if (modules == null || modules.contains(s.module())) {
            steps.add(new Step(shape, s, load));
        }
    }

    /** The models that are rows of {@code shape}, in order. */
    private List<Subject> in(Shape shape) {
        return subjects.stream().filter(s -> s.in(shape.flag)).toList();
    }

    private boolean shape(String flag) {
        return shapes == null || shapes.contains(flag);
    }
}
