package io.models.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the results were measured on: CPU, cores, memory, OS, JDK, and how busy the machine was. */
public record Machine(String cpu, int cores, String memory, String os, String jdk) {

    public static Machine describe() {
        String cpu = "unknown CPU";
        String memory = "unknown";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse(memory);
        } catch (IOException | RuntimeException e) {
            // not Linux: the results say "unknown"
        }
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        try {
            String pretty = Files.readAllLines(Path.of("/etc/os-release")).stream()
                    .filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring(12).replace("\"", ""))
                    .findFirst().orElse(null);
            if (pretty != null) {
                os = pretty + ", " + os;
            }
        } catch (IOException e) {
            // keep the JVM's description
        }
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version");
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory, os, jdk);
    }

    /**
     * Which code was measured: the repository's commit, and the modules with uncommitted changes
     * (read-only git commands; "unknown" without git). The results a run writes into
     * {@code bench/results/} do not count: they are its output, not code.
     */
    public static String revision(Path root) {
        try {
            String head = git(root, "rev-parse", "--short", "HEAD").trim();
            java.util.Set<String> dirty = new java.util.TreeSet<>();
            for (String line : git(root, "status", "--porcelain", "--untracked-files=no").split("\n")) {
                if (line.length() > 3 && !line.substring(3).startsWith("bench/results/")) { // what a run writes is not code
                    String path = line.substring(3);
                    dirty.add(path.contains("/") ? path.substring(0, path.indexOf('/')) : path);
                }
            }
            return dirty.isEmpty() ? "commit " + head : "commit " + head + ", with uncommitted changes in " + String.join(", ", dirty);
        } catch (IOException | RuntimeException e) {
            return "unknown (no git)";
        }
    }

    private static String git(Path root, String... args) throws IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git", "-C", root.toString()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", args) + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return out;
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg says them. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
