package io.models.conformance;

import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.linux.Proc;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * What the checker says of the process {@code --pid} names, in one line each: readable, a zombie
 * (it has exited), or no /proc at all. (What /proc shows is common's {@code ProcTest}.)
 */
@EnabledOnOs(OS.LINUX)
class ProcTest {

    @Test
    void thisJvmIsReadable() throws Exception {
        Proc self = PidServer.process(ProcessHandle.current().pid(), true);
        assertThat(self.alive()).isTrue();
        assertThat(self.fds()).isPositive();
        assertThat(self.threads()).isGreaterThan(1);
        assertThat(self.cpuTicks()).isNotNegative();
    }

    /** {@code sh -c 'sleep 0 & exec sleep 30'}: the child of sleep 30 exits, and sleep 30 never reaps it. */
    @Test
    void aZombieHasExited() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 30").start();
        try {
            long[] zombie = {0};
            eventually(() -> {
                List<Long> children = Proc.of(parent.pid()).children();
                assertThat(children).hasSize(1);
                assertThat(Proc.of(children.get(0)).tasks()).singleElement()
                        .satisfies(t -> assertThat(t.state()).as("its state").isEqualTo('Z'));
                zombie[0] = children.get(0);
            });
            assertThatThrownBy(() -> PidServer.process(zombie[0], true)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--pid " + zombie[0] + ": no such process (/proc/" + zombie[0] + " does not exist)");
        } finally {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutProcItSaysLinuxOnly() {
        assertThatThrownBy(() -> PidServer.process(1, false))
                .hasMessage("--pid reads /proc/PID, which this system does not have (Linux only)");
    }
}
