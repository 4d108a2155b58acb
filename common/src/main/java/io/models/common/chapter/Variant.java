package io.models.common.chapter;

import java.util.List;
import java.util.Set;

/**
 * A way to run a chapter that the benchmark measures: its flags, and the shapes of load it takes
 * part in ({@code bench}'s {@code --shapes} names).
 *
 * @param args   the model's flags, such as {@code [--pool, 8]}; empty for the chapter as it starts
 * @param shapes the benchmark's shapes this variant is a row of
 * @param quick  true if {@code bench --quick} runs it too (in the shapes the quick run has)
 */
public record Variant(List<String> args, Set<String> shapes, boolean quick) {

    /** The shapes every concurrent model takes part in. */
    public static final Set<String> EVERY_SHAPE = Set.of("pingpong", "stream", "mixed", "idle");

    public Variant {
        args = List.copyOf(args);
        shapes = Set.copyOf(shapes);
    }

    /** With these flags, in these shapes, in the quick run too. */
    public static Variant of(List<String> args, String... shapes) {
        return new Variant(args, Set.of(shapes), true);
    }

    /** The same, never in the quick run. */
    public Variant notQuick() {
        return new Variant(args, shapes, false);
    }

    /** The row's name: the module, then its flags ({@code 02-threadpool --pool 8}). */
    public String label(String module) {
        return args.isEmpty() ? module : module + " " + String.join(" ", args);
    }
}
