package io.models.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Where the server and the load generator run. On a machine with two or more cores they get
 * disjoint ones: the server the first half of the cores this process may use, the load generator
 * (the bench's own JVM, every thread of it, or the C load generator) the rest, so that neither
 * takes CPU from the other and a model's thread count no longer decides who gets the CPU. Pinned
 * with util-linux's {@code taskset}: the server's command runs under {@code taskset -c}, the bench's
 * JVM is moved with {@code taskset -a -p -c} (its threads started afterwards inherit it).
 *
 * @param all       the cores this process may use ({@code Cpus_allowed_list} of {@code /proc/self/status})
 * @param server    the server's cores; empty when nothing is pinned
 * @param generator the load generator's cores; empty when nothing is pinned
 * @param why       why nothing is pinned, or null
 */
public record Placement(List<Integer> all, List<Integer> server, List<Integer> generator, String why) {

    public Placement {
        all = List.copyOf(all);
        server = List.copyOf(server);
        generator = List.copyOf(generator);
    }

    /** Both on every core, for the second table (or because pinning is not possible here: {@code why}). */
    public static Placement shared(List<Integer> all, String why) {
        return new Placement(all, List.of(), List.of(), why);
    }

    /** The server on the first half of {@code all} (at least one), the load generator on the rest. */
    public static Placement split(List<Integer> all) {
        if (all.size() < 2) {
            return shared(all, "the machine has one core: the server and the load generator share it");
        }
        int half = all.size() / 2;
        return new Placement(all, all.subList(0, half), all.subList(half, all.size()), null);
    }

    /** This machine's: split when there are two cores or more and {@code taskset} runs, else shared with the reason. */
    public static Placement detect() {
        List<Integer> all = allowed(Path.of("/proc/self/status"));
        if (all.isEmpty()) {
            int n = Runtime.getRuntime().availableProcessors();
            return shared(range(n), "no /proc/self/status (not Linux): nothing is pinned");
        }
        Placement split = split(all);
        if (split.pinned() && !tasksetRuns()) {
            return shared(all, "no taskset (util-linux): nothing is pinned");
        }
        return split;
    }

    public boolean pinned() {
        return !server.isEmpty() && !generator.isEmpty();
    }

    /** Cores the server may use: its own when pinned, else every core. */
    public int serverCores() {
        return pinned() ? server.size() : all.size();
    }

    /** Cores the load generator may use: its own when pinned, else every core. */
    public int generatorCores() {
        return pinned() ? generator.size() : all.size();
    }

    /** What goes before a server's command: {@code taskset -c LIST}, or nothing when not pinned. */
    public List<String> serverPrefix() {
        return pinned() ? List.of("taskset", "-c", list(server)) : List.of();
    }

    /**
     * Moves every thread of this JVM (the load generator's, and those it starts later) to the load
     * generator's cores when pinned, to every core when not.
     */
    public void applyToThisProcess() throws IOException {
        run(List.of("taskset", "-a", "-p", "-c", list(pinned() ? generator : all),
                Long.toString(ProcessHandle.current().pid())));
    }

    /** As the run header says it. */
    public String describe() {
        if (!pinned()) {
            return "not pinned: the server and the load generator share cores " + list(all) + (why == null ? "" : " (" + why + ")");
        }
        return "server on core" + (server.size() == 1 ? " " : "s ") + list(server) + ", load generator on core"
                + (generator.size() == 1 ? " " : "s ") + list(generator) + " (taskset)";
    }

    /** The cores in {@code Cpus_allowed_list} of a {@code /proc/PID/status} file; empty if it cannot be read. */
    public static List<Integer> allowed(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return parse(line.substring("Cpus_allowed_list:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return List.of();
    }

    /** {@code 0-2,5} as [0, 1, 2, 5]. */
    public static List<Integer> parse(String list) {
        TreeSet<Integer> cores = new TreeSet<>();
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            if (dash < 0) {
                cores.add(Integer.parseInt(p));
            } else {
                for (int i = Integer.parseInt(p.substring(0, dash)); i <= Integer.parseInt(p.substring(dash + 1)); i++) {
                    cores.add(i);
                }
            }
        }
        return new ArrayList<>(cores);
    }

    /** [0, 1, 2, 5] as {@code 0,1,2,5}, what {@code taskset -c} takes. */
    public static String list(List<Integer> cores) {
        return String.join(",", cores.stream().map(String::valueOf).toList());
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }

    private static boolean tasksetRuns() {
        try {
            run(List.of("taskset", "-p", Long.toString(ProcessHandle.current().pid())));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command) throws IOException {
        CReference.run(command, 10);
    }
}
