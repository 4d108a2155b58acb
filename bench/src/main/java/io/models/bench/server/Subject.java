package io.models.bench.server;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.ReadSize;
import io.models.common.chapter.Trait;
import io.models.common.chapter.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A server under test: a chapter's runnable jar with one of its variants' flags, the C reference, or
 * a server running already. Everything about a chapter comes from its descriptor.
 *
 * @param name       as the tables and charts show it: the module, then its flags (a benchmark row
 *                   gives a choice's value alone: {@code 09-netty epoll}, {@code 02-threadpool --pool 8})
 * @param module     the chapter's module (its jar is {@code <module>/target/<module>.jar}),
 *                   {@link CReference#MODULE} or {@link #TARGET_MODULE}
 * @param args       the model's own flags
 * @param traits     what its model does by design, with these flags (the descriptor's): one client
 *                   at a time, polls while idle...
 * @param jvmFlags   what its JVM needs beside the bench's own flags (the descriptor's)
 * @param shapes     the load shapes it is a row of ({@code Shape.flag}); none for a server the lab starts
 * @param quick      true if {@code --quick} runs it
 * @param readKib    KiB each read asks for, where a flag sets it ({@link ReadSize}: the event-loop
 *                   chapters and the C reference); -1 where the chapter sizes its buffers itself
 */
public record Subject(String name, String module, List<String> args, Set<Trait> traits, List<String> jvmFlags,
                      Set<String> shapes, boolean quick, int readKib) {

    public Subject(String name, String module, List<String> args, Set<Trait> traits, List<String> jvmFlags,
                   Set<String> shapes, boolean quick) {
        this(name, module, args, traits, jvmFlags, shapes, quick, -1);
    }

    /** The module of a server the bench did not start ({@code --target}). */
    public static final String TARGET_MODULE = "target";

    public Subject {
        args = List.copyOf(args);
        traits = traits.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(traits));
        jvmFlags = List.copyOf(jvmFlags);
        shapes = Set.copyOf(shapes);
    }

    /** A row of the benchmark: the chapter run as its descriptor's variant says. */
    public static Subject of(Chapter chapter, Variant variant) {
        return new Subject(rowName(chapter, variant.args()), chapter.name(), variant.args(),
                chapter.traits(chapter.options(variant.args())), chapter.jvmFlags(), variant.shapes(), variant.quick(),
                readKib(chapter, variant.args()));
    }

    /** The chapter with these flags (the lab's run): named by its module and flags, a row of no shape. */
    public static Subject of(Chapter chapter, List<String> args) {
        Variant v = new Variant(args, Set.of(), false);
        return new Subject(v.label(chapter.name()), chapter.name(), args, chapter.traits(chapter.options(args)),
                chapter.jvmFlags(), Set.of(), false);
    }

    private static int readKib(Chapter chapter, List<String> args) {
        return chapter.flags().stream().anyMatch(f -> f.name().equals(ReadSize.FLAG_NAME))
                ? chapter.options(args).number(ReadSize.FLAG_NAME) : -1;
    }

    /**
     * The same row reading {@code kib} KiB at a time ({@code --read-kib}, {@code bench --read-kib}), if a
     * flag sets its read size; else itself. Its name stays: the run's header says the read sizes.
     */
    public Subject withReadKib(int kib) {
        if (readKib < 0 || kib == readKib) {
            return this;
        }
        List<String> a = new ArrayList<>(args);
        a.addAll(List.of(ReadSize.FLAG_NAME, Integer.toString(kib)));
        return new Subject(name, module, a, traits, jvmFlags, shapes, quick, kib);
    }

    /** Its flags without {@code --read-kib N}: what names the variant. */
    public List<String> variantArgs() {
        int i = args.indexOf(ReadSize.FLAG_NAME);
        if (i < 0 || i + 1 >= args.size()) {
            return args;
        }
        List<String> a = new ArrayList<>(args);
        a.subList(i, i + 2).clear();
        return a;
    }

    /** The module, then each flag with its value, or a choice's value alone (it names itself). */
    private static String rowName(Chapter chapter, List<String> args) {
        StringBuilder name = new StringBuilder(chapter.name());
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            boolean choice = i + 1 < args.size() && chapter.flags().stream().anyMatch(f -> f.name().equals(flag) && f.isChoice());
            name.append(' ').append(choice ? args.get(++i) : flag);
        }
        return name.toString();
    }

    /** A server running already at {@code hostPort} ({@code --target}): measured, never started. */
    public static Subject target(String hostPort) {
        return new Subject(hostPort, TARGET_MODULE, List.of(), Set.of(), List.of(), Set.of(), true);
    }

    /** False for a server that serves one connection at a time ({@link Trait#ONE_CLIENT_AT_A_TIME}). */
    public boolean concurrent() {
        return !traits.contains(Trait.ONE_CLIENT_AT_A_TIME);
    }

    public boolean isTarget() {
        return module.equals(TARGET_MODULE);
    }

    public boolean isC() {
        return module.equals(CReference.MODULE);
    }

    /** True if it is a row of the shape whose flag is {@code shape}. */
    public boolean in(String shape) {
        return shapes.contains(shape);
    }

    /** True if it is {@code module} run with exactly {@code flags}. */
    public boolean is(String module, List<String> flags) {
        return this.module.equals(module) && variantArgs().equals(flags);
    }

    /** {@code <root>/<module>/target/<module>.jar} */
    public Path jar(Path root) {
        return Repository.jar(root, module);
    }

    /** The command that starts it on a free port (it prints {@code listening on HOST:PORT}). */
    public List<String> command(Path root, Path java, List<String> benchJvmFlags, Path cBinary) {
        List<String> cmd = new ArrayList<>();
        if (isC()) {
            cmd.add(cBinary.toString());
        } else {
            Path jar = jar(root);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + root.relativize(jar) + ": build the chapters first ("
                        + "./mvnw -q package -DskipTests)");
            }
            cmd.add(java.toString());
            cmd.addAll(benchJvmFlags);
            cmd.addAll(jvmFlags);
            cmd.add("-jar");
            cmd.add(jar.toString());
        }
        cmd.add("--port");
        cmd.add("0");
        cmd.addAll(args);
        return cmd;
    }
}
