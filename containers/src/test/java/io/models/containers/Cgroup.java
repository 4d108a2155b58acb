package io.models.containers;

import io.models.common.linux.Proc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's cgroup, read from the host side: its process's cgroup lines name it ({@link Proc#cgroups()}), and its
 * files under {@code /sys/fs/cgroup} say what the kernel counted. A scratch image has no shell to
 * {@code docker exec} into, and this is what the kernel itself reports anyway.
 *
 * <p>cgroup v1 (this machine): one hierarchy per controller, {@code /sys/fs/cgroup/cpu/docker/<id>}.
 * cgroup v2: one hierarchy, {@code /sys/fs/cgroup/system.slice/docker-<id>.scope}.
 */
final class Cgroup {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final boolean v2;
    private final Map<String, Path> dirs = new HashMap<>(); // controller -> directory ("" on v2)

    private Cgroup(Proc process) throws IOException {
        v2 = Files.exists(ROOT.resolve("cgroup.controllers"));
        for (String line : process.cgroups()) {
            String[] f = line.split(":", 3); // id:controllers:path
            String path = f[2].substring(1);
            if (v2 && f[0].equals("0")) {
                dirs.put("", ROOT.resolve(path));
            } else if (!v2) {
                for (String controller : f[1].split(",")) {
                    Path single = ROOT.resolve(controller).resolve(path);
                    dirs.put(controller, Files.isDirectory(single) ? single : ROOT.resolve(f[1]).resolve(path));
                }
            }
        }
    }

    /** The cgroup of {@code process} (a container's, its pid from {@code docker inspect}). */
    static Cgroup of(Proc process) throws IOException {
        return new Cgroup(process);
    }

    String version() {
        return v2 ? "v2" : "v1";
    }

    /**
     * CFS bandwidth control: how many 100 ms periods the cgroup was throttled in (it used its
     * quota before the period ended, and waited), for how long, and the CPU it used.
     */
    record Cpu(long periods, long throttled, long throttledNanos, long usageNanos) {
        Cpu minus(Cpu before) {
            return new Cpu(periods - before.periods, throttled - before.throttled,
                    throttledNanos - before.throttledNanos, usageNanos - before.usageNanos);
        }
    }

    Cpu cpu() throws IOException {
        if (v2) {
            Map<String, Long> stat = keyed(file("", "cpu.stat"));
            return new Cpu(stat.getOrDefault("nr_periods", 0L), stat.getOrDefault("nr_throttled", 0L),
                    stat.getOrDefault("throttled_usec", 0L) * 1000, stat.get("usage_usec") * 1000);
        }
        Map<String, Long> stat = keyed(file("cpu", "cpu.stat")); // nr_periods, nr_throttled, throttled_time (ns)
        return new Cpu(stat.get("nr_periods"), stat.get("nr_throttled"), stat.get("throttled_time"),
                number(file("cpuacct", "cpuacct.usage")));
    }

    /**
     * Memory charged to the cgroup: all of it (the process's pages and the kernel's memory for it:
     * socket structures, page tables...), the most it has been, and the kernel's part.
     * {@code sockets} is the socket buffers' memory where the kernel counts it apart (v2), else -1.
     */
    record Memory(long usage, long peak, long kernel, long sockets) {
    }

    Memory memory() throws IOException {
        if (v2) {
            Map<String, Long> stat = keyed(file("", "memory.stat"));
            Path peak = file("", "memory.peak");
            return new Memory(number(file("", "memory.current")), Files.exists(peak) ? number(peak) : -1,
                    stat.getOrDefault("kernel", -1L), stat.getOrDefault("sock", -1L));
        }
        return new Memory(number(file("memory", "memory.usage_in_bytes")),
                number(file("memory", "memory.max_usage_in_bytes")),
                number(file("memory", "memory.kmem.usage_in_bytes")), -1);
    }

    /** The pids controller: how many tasks (threads) now, and how many times a new one was refused. */
    record Pids(long current, long refused) {
    }

    Pids pids() throws IOException {
        String dir = v2 ? "" : "pids";
        Map<String, Long> events = keyed(file(dir, "pids.events")); // "max N": forks refused at the limit
        return new Pids(number(file(dir, "pids.current")), events.getOrDefault("max", 0L));
    }

    private Path file(String controller, String name) {
        Path dir = dirs.get(controller);
        if (dir == null) {
            throw new IllegalStateException("no " + controller + " cgroup for this process: " + dirs);
        }
        return dir.resolve(name);
    }

    private static long number(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).strip());
    }

    /** A file of "key value" lines. */
    private static Map<String, Long> keyed(Path file) throws IOException {
        Map<String, Long> values = new HashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            String[] kv = line.strip().split("\\s+");
            if (kv.length == 2) {
                values.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return values;
    }
}
