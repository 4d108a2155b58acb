package io.models.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What Linux says about a process, from {@code /proc}: CPU time (user + system, in clock ticks of
 * {@code getconf CLK_TCK}), resident memory and threads. Read from outside, so every figure belongs
 * to the server process alone, whatever it is written in.
 */
final class Proc {

    /** One reading of a process. */
    record Sample(long cpuTicks, long rssKiB, int threads) {
    }

    private static final long CLK_TCK = clockTicks();

    private Proc() {
    }

    /** Clock ticks per second ({@code getconf CLK_TCK}, 100 almost everywhere). */
    static long ticksPerSecond() {
        return CLK_TCK;
    }

    static double seconds(long ticks) {
        return (double) ticks / CLK_TCK;
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** The process's CPU ticks, RSS and threads now; null if it is gone, or not known (pid -1). */
    static Sample sample(long pid) {
        if (pid < 0) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // pid (comm) state ppid ...: comm may hold spaces, so count fields after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long utime = Long.parseLong(f[11]); // field 14 of stat(5); f[0] is field 3
            long stime = Long.parseLong(f[12]); // field 15
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                }
            }
            return new Sample(utime + stime, rss, threads);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The process's open file descriptors (the entries of {@code /proc/PID/fd}); -1 if it is gone or not known. */
    static int descriptors(long pid) {
        if (pid < 0) {
            return -1;
        }
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: 100 is the value on every Linux this runs on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
