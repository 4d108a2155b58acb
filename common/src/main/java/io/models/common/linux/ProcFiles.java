package io.models.common.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** How the text of the files under {@code /proc/PID} is read: {@code stat}, {@code status}, a thread's {@code syscall}. */
final class ProcFiles {

    private ProcFiles() {
    }

    /** Every thread of the process whose directory is {@code proc}; threads that end while they are read are left out. */
    static List<Proc.Task> tasks(Path proc) throws IOException {
        List<Proc.Task> tasks = new ArrayList<>();
        try (Stream<Path> all = Files.list(proc.resolve("task"))) {
            for (Path task : all.toList()) {
                try {
                    tasks.add(task(task));
                } catch (IOException | RuntimeException endedMeanwhile) {
                    // a thread that has just ended
                }
            }
        }
        return tasks;
    }

    /** One thread of the process, from its directory {@code /proc/PID/task/TID}. */
    private static Proc.Task task(Path task) throws IOException {
        String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return new Proc.Task(Long.parseLong(task.getFileName().toString()), name, state(stat),
                readOr(task.resolve("wchan"), "?"), syscall(task), ticksOf(stat));
    }

    /** The processes that the process whose directory is {@code proc} started (its threads' {@code children} files). */
    static List<Long> children(Path proc) throws IOException {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> all = Files.list(proc.resolve("task"))) {
            for (Path task : all.toList()) {
                String list = readOr(task.resolve("children"), "");
                for (String child : list.trim().split("\\s+")) {
                    if (!child.isEmpty()) {
                        children.add(Long.parseLong(child));
                    }
                }
            }
        }
        return children;
    }

    /** The number after {@code name} (such as {@code VmRSS:}) in a {@code status} file. */
    static long statusField(Path status, String name) throws IOException {
        for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + name + " line in " + status);
    }

    /** utime + stime (fields 14 and 15) of a process's or a thread's {@code stat} file. */
    static long ticks(Path statFile) throws IOException {
        return ticksOf(Files.readString(statFile, StandardCharsets.US_ASCII));
    }

    static long ticksOf(String stat) {
        // "pid (comm) state ...": comm may hold spaces and parentheses, so count from the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // f[0] is field 3
    }

    static char state(String stat) {
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    /** The first number of a thread's {@code syscall} file: the call it sleeps in; -1 if running or not readable. */
    private static int syscall(Path task) {
        String s = readOr(task.resolve("syscall"), "").trim();
        if (s.isEmpty() || s.equals("running")) {
            return -1;
        }
        try {
            return Integer.parseInt(s.split(" ")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The file's text, trimmed; {@code otherwise} if it cannot be read. */
    static String readOr(Path file, String otherwise) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return otherwise;
        }
    }

    /** {@code getconf CLK_TCK}: the clock ticks per second in the {@code stat} files. */
    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out.toLowerCase(Locale.ROOT));
            }
        } catch (IOException | NumberFormatException e) {
            // 100, the value on every Linux this runs on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
