package io.models.bench.sweep;

import io.models.bench.load.Load;
import io.models.bench.load.Shape;
import io.models.bench.server.Subject;

/**
 * One point of the sweep: one server process, one load, one measured window.
 *
 * @param trial 1, or 2 and 3 for the points the targets compare, which are run three times
 *              (interleaved, model against model) and reported as the median
 */
public record Step(Shape shape, Subject subject, Load load, int trial) {

    public Step(Shape shape, Subject subject, Load load) {
        this(shape, subject, load, 1);
    }

    /** The same point, whatever the trial. */
    public record Key(Shape shape, Subject subject, Load load) {
    }

    public Key key() {
        return new Key(shape, subject, load);
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
        return trial == 1 ? label : label + " (run " + trial + ")";
    }
}
