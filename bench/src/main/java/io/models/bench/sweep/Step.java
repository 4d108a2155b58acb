package io.models.bench.sweep;

import io.models.bench.load.Load;
import io.models.bench.load.Shape;
import io.models.bench.server.Subject;

/**
 * One point of the sweep: one server process, one load, one measured window.
 *
 * @param trial     1, or 2 and 3 for the points the targets compare, which are run three times
 *                  (interleaved, model against model) and reported as the median
 * @param generator which load generator drives it: the bench's own (Java) or the C one
 * @param shared    true for a row of the second table: the server and the load generator not pinned,
 *                  sharing every core (on a machine with one core every row is)
 */
public record Step(Shape shape, Subject subject, Load load, int trial, Generator generator, boolean shared) {

    /** The load generator of a row. */
    public enum Generator {
        /** The bench's own ({@code LoadGen}), in its JVM. */
        JAVA("Java"),
        /** {@code bench/c/loadgen.c}, a process of its own. */
        C("C");

        public final String label;

        Generator(String label) {
            this.label = label;
        }
    }

    public Step(Shape shape, Subject subject, Load load) {
        this(shape, subject, load, 1);
    }

    public Step(Shape shape, Subject subject, Load load, int trial) {
        this(shape, subject, load, trial, Generator.JAVA, false);
    }

    /** The same point, whatever the trial. */
    public record Key(Shape shape, Subject subject, Load load, Generator generator, boolean shared) {
    }

    public Key key() {
        return new Key(shape, subject, load, generator, shared);
    }

    /** The same point, another trial. */
    public Step trial(int n) {
        return new Step(shape, subject, load, n, generator, shared);
    }

    /** A row of the main tables: the bench's own load generator, placed as the run places its main rows. */
    public boolean main() {
        return generator == Generator.JAVA && !shared;
    }

    /** The connection count this point is plotted at: every connection open, active or idle. */
    public int connections() {
        return load.connections();
    }

    public String label() {
        String label = switch (shape) {
            case MIXED -> "%d active + %d idle connections".formatted(load.active(), load.idle());
            case IDLE, HOLD -> shape.title;
            default -> "%s, %d connection%s".formatted(shape.title, load.active(), load.active() == 1 ? "" : "s");
        };
        if (generator != Generator.JAVA) {
            label += ", C load generator";
        }
        if (shared) {
            label += ", not pinned";
        }
        return trial == 1 ? label : label + " (run " + trial + ")";
    }
}
