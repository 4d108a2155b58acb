package io.models.conformance.grading;

import io.models.common.linux.Proc;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The resource limits every build and every server of a student runs under, set with
 * {@code prlimit} (util-linux) before the command starts, soft and hard alike, so the student's
 * code cannot raise them:
 *
 * <ul>
 *   <li>{@code --as}: address space (virtual memory) in bytes. A JVM reserves far more than it
 *       uses, : JDK 25 with its default heap (a quarter of the
 *       memory) does not start under 4 GiB, and a thread reserves 1 MiB of stack, so 8 GiB lets a
 *       JVM with a thousand threads run; {@code -Xmx} in the run command lowers what it needs.</li>
 *   <li>{@code --nofile}: open files. The checker holds up to 1000 connections at once, so the
 *       server needs a little more than 1000.</li>
 *   <li>{@code --nproc}: processes and threads. The kernel counts them per user, not per process:
 *       the limit is what the user runs at that moment plus {@link #processes}. Linux does not
 *       enforce it for root.</li>
 *   <li>{@code --core=0}: no core dumps.</li>
 * </ul>
 *
 * @param memoryBytes the address-space limit
 * @param files       the open-files limit
 * @param processes   how many more processes and threads the user may have
 */
record Limits(long memoryBytes, int files, int processes) {

    /** The command that runs what follows under these limits. */
    List<String> prlimit() {
        long nproc = userTasks() + processes;
        return List.of("prlimit", "--as=" + memoryBytes, "--nofile=" + files, "--nproc=" + nproc, "--core=0", "--");
    }

    /** The threads of every process of this user, as /proc shows them now. */
    static long userTasks() {
        Optional<String> me = ProcessHandle.current().info().user();
        return ProcessHandle.allProcesses().filter(p -> p.info().user().equals(me)).mapToLong(p -> {
            try {
                return Proc.of(p.pid()).threads();
            } catch (IOException endedMeanwhile) {
                return 0;
            }
        }).sum();
    }

    /** {@code 4g}, {@code 512m}, {@code 1048576}: a size in bytes, with k, m or g (powers of 1024). */
    static long bytes(String size) {
        String s = size.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        long n = Long.parseLong(digits); // NumberFormatException for anything else
        if (n <= 0 || n > (Long.MAX_VALUE / unit)) {
            throw new NumberFormatException(size);
        }
        return n * unit;
    }
}
