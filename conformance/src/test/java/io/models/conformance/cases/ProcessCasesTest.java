package io.models.conformance.cases;

import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.linux.Proc;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** How the --pid cases read the server's process, and what they say once it has exited. */
@EnabledOnOs(OS.LINUX)
class ProcessCasesTest {

    @Test
    void readsDescriptorsThreadsAndCpuOfALiveProcess() throws Exception {
        ServerProcess self = ServerProcess.of(Proc.self());
        assertThat(ProcessCases.read(self, ServerProcess::fds)).isPositive();
        assertThat(ProcessCases.read(self, ServerProcess::threads)).isGreaterThan(1);
        assertThat(ProcessCases.read(self, ServerProcess::cpuTicks)).isPositive();
    }

    @Test
    void aProcessThatExitsIsReportedAsGone() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        ServerProcess server = ServerProcess.of(Proc.of(sleep.pid()));
        assertThat(ProcessCases.read(server, ServerProcess::threads)).isPositive();
        sleep.destroyForcibly();
        assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).isTrue();
        eventually(() -> assertThat(server.alive()).isFalse());
        String gone = "the server process " + sleep.pid() + " has exited";
        assertThatThrownBy(() -> ProcessCases.read(server, ServerProcess::fds)).hasMessage(gone);
        assertThatThrownBy(() -> ProcessCases.read(server, ServerProcess::threads)).hasMessage(gone);
        assertThatThrownBy(() -> ProcessCases.read(server, ServerProcess::cpuTicks)).hasMessage(gone);
    }
}
