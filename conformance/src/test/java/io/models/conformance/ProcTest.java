package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the checker reads in /proc/PID: a made-up /proc for the exact figures, and this JVM for the real one. */
class ProcTest {

    @Test
    void readsDescriptorsThreadsAndCpuTicks(@TempDir Path proc) throws Exception {
        Path p = process(proc, 77, 'S');
        for (int fd = 0; fd < 5; fd++) {
            Files.createFile(p.resolve("fd").resolve(String.valueOf(fd)));
        }
        Proc server = Proc.open(77, proc);
        assertThat(server.alive()).isTrue();
        assertThat(server.fds()).isEqualTo(5);
        assertThat(server.threads()).isEqualTo(14);
        assertThat(server.cpuTicks()).isEqualTo(123 + 45);
    }

    @Test
    void aZombieHasExited(@TempDir Path proc) throws Exception {
        process(proc, 78, 'Z');
        assertThatThrownBy(() -> Proc.open(78, proc)).hasMessage("--pid 78: no such process (" + proc.resolve("78")
                + " does not exist)");
    }

    @Test
    void withoutProcItSaysLinuxOnly(@TempDir Path empty) {
        assertThatThrownBy(() -> Proc.open(1, empty))
                .hasMessage("--pid reads /proc/PID, which this system does not have (Linux only)");
    }

    @Test
    void aProcessThatExitsIsReportedAsGone(@TempDir Path proc) throws Exception {
        Path p = process(proc, 79, 'S');
        Proc server = Proc.open(79, proc);
        Files.delete(p.resolve("status"));
        Files.delete(p.resolve("stat"));
        Files.delete(p.resolve("fd"));
        assertThat(server.alive()).isFalse();
        assertThatThrownBy(server::fds).hasMessage("the server process 79 has exited");
        assertThatThrownBy(server::threads).hasMessage("the server process 79 has exited");
        assertThatThrownBy(server::cpuTicks).hasMessage("the server process 79 has exited");
    }

    @Test
    void thisJvmIsReadable() throws Exception {
        Proc self = Proc.open(ProcessHandle.current().pid());
        assertThat(self.fds()).isPositive();
        assertThat(self.threads()).isGreaterThan(1);
        assertThat(self.cpuTicks()).isNotNegative();
    }

    /** A made-up /proc/PID: stat (a comm with a space and parentheses, as the kernel allows), status, fd/. */
    private static Path process(Path proc, int pid, char state) throws IOException {
        Files.createDirectories(proc.resolve("self"));
        Path p = Files.createDirectories(proc.resolve(String.valueOf(pid)));
        Files.createDirectories(p.resolve("fd"));
        Files.writeString(p.resolve("stat"), pid + " (java (x) y) " + state
                + " 1 2 3 4 5 6 7 8 9 10 123 45 0 0 20 0 14 0\n");
        Files.writeString(p.resolve("status"), "Name:\tjava\nState:\t" + state + "\nThreads:\t14\n");
        return p;
    }
}
