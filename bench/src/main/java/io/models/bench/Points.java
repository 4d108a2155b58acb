package io.models.bench;

import io.models.bench.load.Shape;
import io.models.bench.server.Catalog;
import io.models.bench.server.Subject;
import io.models.bench.sweep.Step;
import io.models.bench.sweep.Sweep;
import io.models.bench.sweep.TargetSweep;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The points {@code --models}, {@code --shapes} and {@code --connections} ask for, among the ones the
 * catalog's models (or a {@code --target}) have: a value no point has is a bad flag, said in one line
 * ({@link IllegalArgumentException}).
 *
 * @param modules     the {@code --models} resolved, or null for all
 * @param connections {@code --connections}, or null
 * @param shapes      {@code --shapes}, or null
 * @param target      {@code --target}'s HOST:PORT, or null
 * @param pinned      the main rows run pinned: the headline points run once more not pinned
 * @param readKib     {@code --read-kib}: the read size of every row a flag sizes, or null for their own
 */
record Points(Catalog catalog, boolean quick, Set<String> modules, List<Integer> connections, List<String> shapes,
              String target, boolean pinned, Integer readKib) {

    Points(Catalog catalog, boolean quick, Set<String> modules, List<Integer> connections, List<String> shapes,
           String target) {
        this(catalog, quick, modules, connections, shapes, target, false, null);
    }

    /** {@code --models}' entries as modules; null for none given. */
    static Set<String> modules(Catalog catalog, List<String> models) {
        if (models == null) {
            return null;
        }
        Set<String> mods = new LinkedHashSet<>();
        for (String m : models) {
            mods.add(catalog.module(m));
        }
        return mods;
    }

    List<Step> steps() {
        Set<String> sh = shapes == null ? null : shapeFlags();
        Set<Integer> conns = connections == null ? null : new LinkedHashSet<>(connections);
        if (conns != null) {
            Set<Integer> counts = new TreeSet<>();
            sweep(null, sh).stream().filter(s -> s.shape() != Shape.MIXED || s.load().idle() > 0) // the 0 baseline is not a choice
                    .forEach(s -> counts.add(s.shape() == Shape.MIXED ? s.load().idle() : s.connections()));
            for (int n : conns) {
                if (!counts.contains(n)) {
                    throw new IllegalArgumentException("--connections " + n + ": no point "
                            + (modules != null || sh != null ? "of these --models and --shapes " : "")
                            + "has that count; they have " + counts.stream().map(String::valueOf).collect(Collectors.joining(", ")));
                }
            }
        }
        List<Step> steps = sweep(conns, sh);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("no point matches --models, --connections and --shapes together");
        }
        return steps;
    }

    private Set<String> shapeFlags() {
        Set<String> sh = new LinkedHashSet<>();
        for (String s : shapes) {
            String flag = s.trim().toLowerCase(Locale.ROOT);
            if (!Shape.isFlag(s)) {
                throw new IllegalArgumentException("'" + s + "' is not a shape; one of " + Shape.FLAGS);
            }
            if (target != null && !Shape.FOR_ANY_SERVER.contains(flag)) {
                throw new IllegalArgumentException("--shapes " + flag + " is " + owners(flag) + "; with --target: "
                        + TargetSweep.FLAGS);
            }
            sh.add(flag);
        }
        return sh;
    }

    /** Whose own a shape is: {@code 02-threadpool's own (its --pool 8)}. */
    private String owners(String shape) {
        List<Subject> rows = catalog.subjects().stream().filter(s -> s.in(shape)).toList();
        List<String> modules = rows.stream().map(Subject::module).distinct().toList();
        if (modules.isEmpty()) {
            return "the chapters' own";
        }
        String who = String.join(", ", modules);
        return who + (who.endsWith("s") ? "'" : "'s") + " own (its " + String.join(" or ",
                rows.stream().map(s -> String.join(" ", s.args())).distinct().toList()) + ")";
    }

    private List<Step> sweep(Set<Integer> conns, Set<String> sh) {
        return target != null ? new TargetSweep(Subject.target(target.trim()), quick, conns, sh).steps()
                : new Sweep(catalog.subjects().stream().map(s -> readKib == null ? s : s.withReadKib(readKib)).toList(),
                        quick, modules, conns, sh, pinned).steps();
    }
}
