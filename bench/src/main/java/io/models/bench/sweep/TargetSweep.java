package io.models.bench.sweep;

import io.models.bench.load.Load;
import io.models.bench.load.Shape;
import io.models.bench.server.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The points for a server at {@code --target}: the chapters' shapes at the chapters' connection
 * counts, narrowed by the same flags, run once each. Not the shapes made for some chapter's flags
 * (the pool's, the heavy handler's).
 *
 * @param target      the server, as the tables name it
 * @param quick       as {@link Sweep#quick}: ping-pong 64 B at 100 connections, a stream at 1, 1000 idle
 * @param connections as {@link Sweep#connections}; null for all
 * @param shapes      as {@link Sweep#shapes}; null for all
 */
public record TargetSweep(Subject target, boolean quick, Set<Integer> connections, Set<String> shapes) {

    /** The shapes a target runs. */
    public static final String FLAGS = String.join(", ", Shape.FOR_ANY_SERVER);

    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        if (shape("pingpong")) {
            // --quick: 100 connections, as for every chapter that serves many at once.
            for (int n : quick ? List.of(100) : Sweep.PING_PONG_COUNTS) {
                add(steps, Shape.PING_PONG_64, n, Load.pingPong(n, Sweep.SMALL));
            }
            for (int n : quick ? List.<Integer>of() : Sweep.PING_PONG_COUNTS) {
                add(steps, Shape.PING_PONG_4K, n, Load.pingPong(n, Sweep.LARGE));
            }
        }
        if (shape("stream")) {
            for (int n : quick ? List.of(1) : Sweep.STREAM_COUNTS) {
                add(steps, Shape.STREAM, n, Load.stream(n, Sweep.CHUNK));
            }
        }
        boolean someIdle = connections == null || Sweep.IDLE_BESIDE.stream().skip(1).anyMatch(connections::contains);
        if (shape("mixed") && !quick && someIdle) {
            for (int idle : Sweep.IDLE_BESIDE) {
                if (idle == 0 || connections == null || connections.contains(idle)) { // the 0 baseline comes along
                    steps.add(new Step(Shape.MIXED, target, Load.mixed(Sweep.MIXED_ACTIVE, Sweep.SMALL, idle)));
                }
            }
        }
        if (shape("idle")) {
            add(steps, Shape.IDLE, Sweep.IDLE, Load.idle(Sweep.IDLE, true));
        }
        if (shape("hold") && !quick) {
            add(steps, Shape.HOLD, Sweep.HOLD, Load.pingPong(Sweep.HOLD, Sweep.SMALL));
        }
        return steps;
    }

    private void add(List<Step> steps, Shape shape, int count, Load load) {
        if (connections == null || connections.contains(count)) {
            steps.add(new Step(shape, target, load));
        }
    }

    private boolean shape(String flag) {
        return shapes == null || shapes.contains(flag);
    }
}
